// The two digests of core/hash.hpp: SHA-256 against FIPS 180-4's examples and lengths around the
// 64-byte block and its padding (one or two final blocks), FNV-1a against its definition.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "core/hash.hpp"

using namespace borderflow;

TEST_CASE("sha256 matches the FIPS 180-4 examples", "[hash]") {
  CHECK(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(to_hex(sha256(std::string(1000000, 'a'))) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 pads at the block boundaries", "[hash]") {
  // 55 bytes: the length still fits in the last block; 56: it takes a second one.
  CHECK(to_hex(sha256(std::string(55, 'a'))) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(to_hex(sha256(std::string(56, 'a'))) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(to_hex(sha256(std::string(63, 'a'))) == "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  CHECK(to_hex(sha256(std::string(64, 'a'))) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(to_hex(sha256(std::string(119, 'a'))) == "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb");
  CHECK(to_hex(sha256(std::string(120, 'a'))) == "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c");
}

TEST_CASE("sha256's portable and hardware codes agree with FIPS and each other", "[hash]") {
  // sha256() takes the CPU's SHA instructions where it has them; both codes are checked against
  // the examples, then against each other on seeded random bytes of every length to 300.
  const std::string abc = "abc";
  CHECK(to_hex(detail::sha256_portable(abc)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(detail::sha256_portable(std::string(1000000, 'a'))) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  const auto hardware = detail::sha256_hardware(abc);
  if (!hardware) {
    WARN("this CPU has no SHA instructions: only the portable code is tested");
    return;
  }
  CHECK(to_hex(*hardware) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::uint64_t seed = 88172645463325252ull;  // xorshift64: the same bytes on every machine
  std::string bytes;
  for (int length = 0; length <= 300; ++length) {
    INFO("length " << length);
    CHECK(detail::sha256_hardware(bytes) == detail::sha256_portable(bytes));
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    bytes.push_back(static_cast<char>(seed & 0xFF));
  }
}

TEST_CASE("fnv1a64 is FNV-1a and chains", "[hash]") {
  // The default state is the one sweep stores were written with: FNV's offset basis with its last
  // digit missing (14695981039346656037 is the published one). Stores on disk carry digests made
  // with it, so it stays.
  CHECK(fnv1a64("") == 1469598103934665603ull);
  CHECK(fnv1a64("a") == 0x44bd8ad473cd9906ull);
  CHECK(fnv1a64("a", 14695981039346656037ull) == 0xaf63dc4c8601ec8cull);  // the published test value
  CHECK(fnv1a64("ab") == fnv1a64("b", fnv1a64("a")));
  CHECK(fnv1a64("ab") != fnv1a64("ba"));
}

TEST_CASE("checksum64 notices every one-byte change, truncation and extension", "[hash]") {
  // Lengths around the 32-byte block and 8-byte word boundaries, so every path (blocks, words,
  // tail) is exercised.
  for (std::size_t length : {0u, 1u, 7u, 8u, 9u, 31u, 32u, 33u, 40u, 63u, 64u, 65u, 100u, 1000u}) {
    std::string bytes;
    for (std::size_t i = 0; i < length; ++i) bytes.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
    const std::uint64_t sum = checksum64(bytes);
    CHECK(checksum64(bytes) == sum);  // a function of the bytes alone
    for (std::size_t i = 0; i < length; ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string changed = bytes;
        changed[i] = static_cast<char>(changed[i] ^ (1 << bit));
        CHECK(checksum64(changed) != sum);
      }
    }
    if (length > 0) CHECK(checksum64(std::string_view(bytes).substr(0, length - 1)) != sum);
    CHECK(checksum64(bytes + '\0') != sum);  // a zero byte appended is a change too
  }
  // Pinned: cache entries written by one build are checked by the next one's code, so a change
  // of the function needs a new kYamlCacheFormat (input/yaml_cache.hpp) as well as new values here.
  CHECK(checksum64("") == 0x4e4e7c7b5ac5f449ull);
  CHECK(checksum64("borderflow") == 0xbe25d1a422ca5368ull);
}
