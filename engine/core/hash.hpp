#pragma once
// Digests of bytes. Two strengths for two jobs:
//   - fnv1a64: fast change detection where nobody gains by crafting a collision (a sweep store's
//     block digests). Any change of one byte changes it.
//   - checksum64: the same job for large byte strings read on every run (the YAML cache's
//     entries against a damaged or truncated file), eight bytes a step in four independent lanes
//     instead of FNV-1a's one byte a multiply: FNV-1a over the bundled run's 245 KB of entries
//     was a chain of 245,000 dependent multiplies (about 0.3 ms).
//   - sha256 (FIPS 180-4): a key that stands for content, where a crafted collision would let
//     one file be answered as another (the YAML cache, input/yaml_cache.hpp). FNV-1a collisions
//     are found in seconds; SHA-256 ones are not known.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace borderflow {

/// 64-bit FNV-1a, for change detection (not security). The default state is what sweep stores
/// were written with (the published offset basis lacking its last digit); kept for their digests.
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t state = 1469598103934665603ull);

/// A 64-bit checksum of `bytes` for detecting damage (not security): each 8-byte word is mixed
/// into one of four lanes by xor, multiply and shift, the tail and the length into the last step,
/// and the lanes are folded with a final avalanche. Stable across builds and platforms (words are
/// read little-endian): YAML cache entries written by one run are checked by the next.
std::uint64_t checksum64(std::string_view bytes);

using Sha256Digest = std::array<std::uint8_t, 32>;

/// SHA-256 of `bytes` (FIPS 180-4), by the CPU's SHA instructions where it has them (x86-64),
/// else portably; the two give the same digest (tests/unit/core/hash_test.cpp compares them).
Sha256Digest sha256(std::string_view bytes);

namespace detail {
/// For the tests: the portable code, and the hardware one (nullopt where the CPU lacks it).
Sha256Digest sha256_portable(std::string_view bytes);
std::optional<Sha256Digest> sha256_hardware(std::string_view bytes);
}  // namespace detail

/// Lower-case hexadecimal of a digest (64 characters).
std::string to_hex(const Sha256Digest& digest);

}  // namespace borderflow
