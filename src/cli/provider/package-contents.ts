/**
 * The files of one provider package (a mirror's unpacked folder, or a release zip's entries).
 *
 * On Unix: `terraform-provider-flashback_v{version}`, the file Terraform and OpenTofu run (they
 * run the one file whose name is `terraform-provider-flashback`, or that followed by `_` or `.`),
 * is a POSIX sh launcher, and beside it {@link NODE_PROGRAM} is the single executable. The
 * launcher moves NODE_EXTRA_CA_CERTS out of Node.js's way before exec'ing it: Node.js parses that
 * file, and builds its whole root store, before any JavaScript runs (~45 ms of each start, issue
 * #13; see src/client/trusted-certificates.ts, which reads it when the client first talks HTTPS).
 * On Windows there is no sh: the package is the `.exe` alone, and Node.js handles the variable
 * itself as it always did. The launcher also gives glibc's malloc a single arena and starts V8
 * without its compilers (launcher-shell.ts).
 */
import { readFileSync } from 'node:fs';
import { CA_HANDOVER, NO_JIT, ONE_MALLOC_ARENA } from '../launcher-shell';
import { PROVIDER_EXECUTABLE, executableName } from './layout';

/** The single executable's name beside the launcher: not one Terraform would take for the provider. */
export const NODE_PROGRAM = 'flashback-provider-node';

/**
 * No fork before the exec in the usual case (parameter expansion, not dirname): Terraform and
 * OpenTofu start the provider by its full path, four to five times per command. Started by a bare
 * name (from PATH) it looks itself up, and through a symbolic link it follows the link, so the
 * executable it runs is always the one beside the launcher's own file. exec, so the engine's
 * signals and kill reach the provider itself.
 */
export const LAUNCHER = `#!/bin/sh
# ${PROVIDER_EXECUTABLE} (flashback-iac): runs the single executable beside this file.
# NODE_EXTRA_CA_CERTS goes to the provider's API client (src/cli/launcher-shell.ts).
${CA_HANDOVER}${ONE_MALLOC_ARENA}${NO_JIT}case $0 in */*) self=$0 ;; *) self=$(command -v -- "$0") ;; esac
[ -L "$self" ] && self=$(readlink -f "$self")
exec "\${self%/*}/${NODE_PROGRAM}" "$@"
`;

/** One file of the package, by its name in the package folder; its bytes are a file's, or the text. */
export type PackageEntry = { readonly name: string; readonly file: string } | { readonly name: string; readonly text: string };

/** The bytes of `entry`. */
export const entryBytes = (entry: PackageEntry): Buffer => ('file' in entry ? readFileSync(entry.file) : Buffer.from(entry.text));

/** The package's files for `executable` (the single executable) on `platform`; the first is the one the engines run. */
export function packageEntries(executable: string, version: string, platform: string): readonly PackageEntry[] {
  const name = executableName(version, platform);
  if (platform.startsWith('windows_')) return [{ name, file: executable }];
  return [
    { name, text: LAUNCHER },
    { name: NODE_PROGRAM, file: executable },
  ];
}
