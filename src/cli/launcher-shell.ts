/**
 * The lines every sh launcher of ours runs before Node.js starts (the provider package's, the
 * Pulumi plugin tarball's, and bin/'s, which are files in the repository and are checked against
 * these by test/cli/provider-launcher.test.ts).
 *
 * Node.js parses NODE_EXTRA_CA_CERTS, and builds its whole root store, before any JavaScript runs
 * (~45 ms of each start, issue #13), for processes that may never open an HTTPS connection; the
 * API client reads the file itself when it first talks HTTPS (src/client/trusted-certificates.ts).
 * FLASHBACK_IAC_EXTRA_CA_CERTS is only this hand-over: when NODE_EXTRA_CA_CERTS is set it wins,
 * as it would have for Node.js.
 */
export const CA_HANDOVER = `if [ -n "\${NODE_EXTRA_CA_CERTS:-}" ]; then
  FLASHBACK_IAC_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS
  export FLASHBACK_IAC_EXTRA_CA_CERTS
fi
unset NODE_EXTRA_CA_CERTS
`;

/**
 * One malloc arena (glibc; other C libraries ignore it), unless the user chose: the threads V8
 * compiles and collects on otherwise each keep an arena of freed memory (apply of 100 keys + 200
 * buckets: 83.3 -> 79.6 MiB peak, the same CPU). For the Terraform provider, started 4-5 times a command.
 */
export const ONE_MALLOC_ARENA = `: "\${MALLOC_ARENA_MAX:=1}"
export MALLOC_ARENA_MAX
`;
