// OpenSSL's libcrypto (libssl-dev), for RSA signing only: OpenSSL 3 uses AVX-512 IFMA for the private-key
// operation where the CPU has it, which BoringSSL (swift-crypto) does not. See docs/signing.md.
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/err.h>
