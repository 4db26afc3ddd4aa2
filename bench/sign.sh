#!/usr/bin/env bash
# Signing benchmark: our sign/verify throughput for ECDSA P-256 and RSA-2048 next to `openssl speed`
# for the same algorithms (the ratio; goal ≥ 0.5), then transparency-log appends and proofs in a fresh
# SQLite database (or EDUVN_DATABASE_URL when set), and one-page diplomas rendered and PAdES-signed one by one.
# Usage: bench/sign.sh [LOG_ENTRIES] [PDFS]  (defaults 100000, 10000; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/signbench
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }
work=$(mktemp -d /tmp/eduvn-signbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export EDUVN_DATA_KEY=${EDUVN_DATA_KEY:-$(head -c 32 /dev/urandom | base64)}
export EDUVN_DATABASE_URL=${EDUVN_DATABASE_URL:-sqlite:$work/log.sqlite}
echo "machine: $(nproc) cores, $(uname -sr); $(openssl version); date: $(date -u +%F)"
"$bin" "${1:-100000}" "${2:-10000}" | tee "$work/ours"
openssl speed -seconds 2 ecdsap256 rsa2048 2>/dev/null >"$work/openssl"
read -r _ _ _ _ _ _ ec_sign ec_verify < <(grep -E '^ *256 bits ecdsa \(nistp256\)' "$work/openssl")
read -r _ _ _ _ _ rsa_sign rsa_verify < <(grep -E '^rsa 2048 bits' "$work/openssl")
ratio() { echo "scale=2; $1 / $2" | bc; }
read -r _ _ our_ec_sign _ our_ec_verify < <(grep ecdsap256 "$work/ours")
read -r _ _ our_rsa_sign _ our_rsa_verify < <(grep rsa2048 "$work/ours")
echo "openssl ecdsap256 sign/s $ec_sign verify/s $ec_verify; ratio sign $(ratio "$our_ec_sign" "$ec_sign"), verify $(ratio "$our_ec_verify" "$ec_verify")"
echo "openssl rsa2048 sign/s $rsa_sign verify/s $rsa_verify; ratio sign $(ratio "$our_rsa_sign" "$rsa_sign"), verify $(ratio "$our_rsa_verify" "$rsa_verify")"
# OpenSSL signs RSA with AVX-512 IFMA where the CPU has it; BoringSSL (swift-crypto) has no such path. The same
# OpenSSL with that feature masked (bit 21 of CPUID leaf 7's EBX) shows how much of the gap it is.
if grep -qw avx512ifma /proc/cpuinfo 2>/dev/null; then
    read -r _ _ _ _ _ plain_sign _ < <(OPENSSL_ia32cap=":~0x200000" openssl speed -seconds 2 rsa2048 2>/dev/null | grep -E '^rsa 2048 bits')
    echo "openssl rsa2048 without AVX-512 IFMA sign/s $plain_sign; ratio sign $(ratio "$our_rsa_sign" "$plain_sign")"
fi
