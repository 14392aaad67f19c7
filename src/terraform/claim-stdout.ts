/**
 * Imported first by process entry points (before any module that might print while loading):
 * from here on, stdout carries nothing but the handshake.
 */
import { claimStdout } from './stdout';

claimStdout();
