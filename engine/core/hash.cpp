#include "core/hash.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace borderflow {

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t state) {
  for (unsigned char c : bytes) {
    state ^= c;
    state *= 1099511628211ull;
  }
  return state;
}

namespace {

std::uint64_t load_le64(const unsigned char* p) {
  std::uint64_t word = 0;
  for (int i = 7; i >= 0; --i) word = (word << 8) | p[i];  // compiles to one load on x86-64
  return word;
}

constexpr std::uint64_t kMix = 0x9e3779b97f4a7c15ull;  // 2^64 / golden ratio, odd

std::uint64_t mix_word(std::uint64_t lane, std::uint64_t word) {
  lane = (lane ^ word) * kMix;
  return lane ^ (lane >> 29);
}

/// MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.
std::uint64_t avalanche(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

}  // namespace

std::uint64_t checksum64(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t left = bytes.size();
  std::uint64_t lane[4] = {0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull, 0x082efa98ec4e6c89ull};
  for (; left >= 32; p += 32, left -= 32) {
    for (int j = 0; j < 4; ++j) lane[j] = mix_word(lane[j], load_le64(p + 8 * j));
  }
  int j = 0;
  for (; left >= 8; p += 8, left -= 8, ++j) lane[j] = mix_word(lane[j], load_le64(p));
  std::uint64_t tail = 0;
  for (std::size_t i = left; i > 0; --i) tail = (tail << 8) | p[i - 1];
  lane[j & 3] = mix_word(lane[j & 3], tail ^ (std::uint64_t{bytes.size()} << 3));
  std::uint64_t folded = 0;
  for (std::uint64_t x : lane) folded = (folded ^ avalanche(x)) * kMix;
  return avalanche(folded ^ bytes.size());
}

namespace {

// The round constants and initial state of FIPS 180-4, section 4.2.2 and 5.3.3: the fractional
// parts of the cube and square roots of the first primes.
constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

/// One 64-byte block into the state (section 6.2.2).
void compress_portable(std::uint32_t state[8], const unsigned char* block) {
  std::uint32_t w[64];
  for (int t = 0; t < 16; ++t) {
    w[t] = (std::uint32_t{block[4 * t]} << 24) | (std::uint32_t{block[4 * t + 1]} << 16) |
           (std::uint32_t{block[4 * t + 2]} << 8) | std::uint32_t{block[4 * t + 3]};
  }
  for (int t = 16; t < 64; ++t) {
    const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 64; ++t) {
    const std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[t] + w[t];
    const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BORDERFLOW_SHA_NI 1
/// The same block by the x86 SHA extensions (Intel since Goldmont/Ice Lake, AMD since Zen), about
/// ten times fewer instructions: the YAML cache hashes every file it looks up (~200 KB for a
/// bundled run, 13 million instructions in compress_portable, 5 % of the run). The instructions
/// keep the state as two registers, ABEF and CDGH (lanes high to low); sha256rnds2 does two rounds
/// from the sum of two message words and round constants in the low half of its third operand,
/// and sha256msg1/msg2 compute the schedule four words at a time (Intel SHA Extensions, 2013).
__attribute__((target("sha,sse4.1,ssse3"))) void compress_sha_ni(std::uint32_t state[8], const unsigned char* block) {
  // Byte order: the message words are big-endian.
  const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  // state[0..3] = a b c d and state[4..7] = e f g h (lane 0 first) into ABEF and CDGH.
  __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  abcd = _mm_shuffle_epi32(abcd, 0xB1);                // lanes b a d c
  efgh = _mm_shuffle_epi32(efgh, 0x1B);                // lanes h g f e
  __m128i abef = _mm_alignr_epi8(abcd, efgh, 8);       // lanes f e b a
  __m128i cdgh = _mm_blend_epi16(efgh, abcd, 0xF0);    // lanes h g d c
  const __m128i abef_in = abef, cdgh_in = cdgh;
  __m128i w[4];  // the schedule's last 16 words, four per register, oldest first (by index mod 4)
  for (int i = 0; i < 16; ++i) {
    __m128i& wi = w[i & 3];
    if (i < 4) {
      wi = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * i)), swap);
    } else {
      // W[t] = W[t-16] + s0(W[t-15]) + W[t-7] + s1(W[t-2]), four at a time: msg1 adds s0 to the
      // oldest four, the words t-7..t-4 come from the two newest registers, msg2 adds s1.
      const __m128i t7 = _mm_alignr_epi8(w[(i - 1) & 3], w[(i - 2) & 3], 4);
      wi = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(wi, w[(i - 3) & 3]), t7), w[(i - 1) & 3]);
    }
    __m128i wk = _mm_add_epi32(wi, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kRound + 4 * i)));
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);  // rounds 4i, 4i+1: the new ABEF
    wk = _mm_shuffle_epi32(wk, 0x0E);              // the high two words to the low half
    abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);  // rounds 4i+2, 4i+3
  }
  abef = _mm_add_epi32(abef, abef_in);
  cdgh = _mm_add_epi32(cdgh, cdgh_in);
  // Back to a b c d, e f g h.
  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);  // lanes a b e f
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);  // lanes g h c d
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}
#endif

using Compress = void (*)(std::uint32_t*, const unsigned char*);

Sha256Digest sha256_with(std::string_view bytes, Compress compress) {
  std::uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t whole = bytes.size() / 64 * 64;
  for (std::size_t at = 0; at < whole; at += 64) compress(state, data + at);
  // Padding (section 5.1.1): 0x80, zeros, then the length in bits as 64 bits big-endian; one
  // or two final blocks.
  unsigned char tail[128] = {};
  const std::size_t rest = bytes.size() - whole;
  if (rest > 0) std::memcpy(tail, data + whole, rest);
  tail[rest] = 0x80;
  const std::size_t tail_bytes = rest + 1 + 8 <= 64 ? 64 : 128;
  const std::uint64_t bits = static_cast<std::uint64_t>(bytes.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_bytes - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  for (std::size_t at = 0; at < tail_bytes; at += 64) compress(state, tail + at);

  Sha256Digest digest{};
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 4; ++j) digest[4 * i + j] = static_cast<std::uint8_t>(state[i] >> (24 - 8 * j));
  }
  return digest;
}

bool sha_ni_available() {
#ifdef BORDERFLOW_SHA_NI
  // CPUID: leaf 1 ECX bit 9 SSSE3 and bit 19 SSE4.1, leaf 7 EBX bit 29 SHA. (Clang's
  // __builtin_cpu_supports does not know "sha".)
  static const bool available = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19))) return false;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return (b & (1u << 29)) != 0;
  }();
  return available;
#else
  return false;
#endif
}

}  // namespace

Sha256Digest sha256(std::string_view bytes) {
#ifdef BORDERFLOW_SHA_NI
  if (sha_ni_available()) return sha256_with(bytes, compress_sha_ni);
#endif
  return sha256_with(bytes, compress_portable);
}

namespace detail {

Sha256Digest sha256_portable(std::string_view bytes) { return sha256_with(bytes, compress_portable); }

std::optional<Sha256Digest> sha256_hardware(std::string_view bytes) {
#ifdef BORDERFLOW_SHA_NI
  if (sha_ni_available()) return sha256_with(bytes, compress_sha_ni);
#endif
  (void)bytes;
  return std::nullopt;
}

}  // namespace detail

std::string to_hex(const Sha256Digest& digest) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * digest.size());
  for (std::uint8_t byte : digest) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

}  // namespace borderflow
