// The PKCS#11 types and constants, from p11-kit's header (libp11-kit-dev). Only the header is used:
// modules are opened with dlopen at run time, since every token vendor ships its own.
#include <p11-kit/pkcs11.h>

// The header spells CK_UNAVAILABLE_INFORMATION as a cast, which Swift cannot import.
static const CK_ULONG eduvn_ck_unavailable_information = CK_UNAVAILABLE_INFORMATION;
