#include <zlib.h>

// inflateInit is a macro, which Swift cannot call.
static inline int czlib_inflate_init(z_stream *stream) {
    return inflateInit(stream);
}

// deflateInit2 is a macro too; windowBits 15 + 16 writes a gzip wrapper (RFC 1952), as Bitstring Status Lists need.
static inline int czlib_deflate_init_gzip(z_stream *stream) {
    return deflateInit2(stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
