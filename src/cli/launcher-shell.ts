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

/**
 * V8 without its compilers (bytecode only), unless the user sets FLASHBACK_IAC_JIT=on. A provider
 * process lives for one command and spends it waiting on Terraform and the API: the optimised code
 * TurboFan and Sparkplug make there costs more memory than it saves time (issue #13: the installed
 * package's apply of 100 keys + 200 buckets peaks at 64.4 MiB instead of 73.7, with the same wall
 * time and provider CPU, interleaved runs in bench/results/terraform-provider-memory.md; the same
 * at 300 keys + 600 buckets). NODE_OPTIONS is the only way to hand V8 a flag before it starts in
 * a Node.js 20 single executable, and --jitless is one it accepts there. V8 then says on stderr
 * that it turned WebAssembly off, which Terraform and OpenTofu keep for their debug log (TF_LOG);
 * nothing the provider loads needs WebAssembly. The user's NODE_OPTIONS follow ours.
 */
export const NO_JIT = `case \${FLASHBACK_IAC_JIT:-off} in
  on) ;;
  *) NODE_OPTIONS="--jitless\${NODE_OPTIONS:+ $NODE_OPTIONS}"; export NODE_OPTIONS ;;
esac
`;
