#pragma once
// IntList: a list of ints that is usually shorter than four: the capacity rows of a network
// arc, the arcs of a capacity row, a rail link's gauges. Up to three live inline, so the common
// list costs the 16 bytes of the object and no allocation, where a std::vector<int> costs 24
// bytes plus a heap block (32 bytes for one int): with 2.2 arcs and 1.8 rows per link, such
// vectors of one or two ints held ~200 bytes per link (issue 13: memory per link held after
// loading).
//
// Read it as a contiguous range of const int (begin/end, size, [], front, back, std::span); it
// grows by push_back only, which is all the network's expansion does.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <vector>

namespace borderflow {

class IntList {
 public:
  IntList() = default;
  IntList(std::span<const int> values) { assign(values); }  // NOLINT(google-explicit-constructor)
  IntList(const std::vector<int>& values) { assign(values); }  // NOLINT(google-explicit-constructor)
  IntList(std::initializer_list<int> values) { assign({values.begin(), values.size()}); }
  IntList(const IntList& other) { assign(other); }
  IntList(IntList&& other) noexcept : words_(other.words_) { other.words_[kSize] = 0; }
  IntList& operator=(const IntList& other) {
    if (this != &other) {
      release();
      assign(other);
    }
    return *this;
  }
  IntList& operator=(IntList&& other) noexcept {
    if (this != &other) {
      release();
      words_ = other.words_;
      other.words_[kSize] = 0;
    }
    return *this;
  }
  ~IntList() { release(); }

  const int* begin() const { return data(); }
  const int* end() const { return data() + size(); }
  const int* data() const { return on_heap() ? heap() : words_.data(); }
  std::size_t size() const { return static_cast<std::size_t>(words_[kSize]); }
  bool empty() const { return words_[kSize] == 0; }
  int operator[](std::size_t i) const { return data()[i]; }
  int front() const { return data()[0]; }
  int back() const { return data()[size() - 1]; }
  operator std::span<const int>() const { return {data(), size()}; }  // NOLINT(google-explicit-constructor)

  void push_back(int value) {
    const std::size_t n = size();
    if (n < kInline) {
      words_[n] = value;
      words_[kSize] = static_cast<int>(n + 1);
      return;
    }
    // On the heap the capacity is the size rounded up to a power of two (at least 4): full when
    // the size is one, so it doubles then.
    int* to = on_heap() ? heap() : nullptr;
    if (n == kInline || std::has_single_bit(n)) {
      int* grown = new int[n == kInline ? kInline + 1 : 2 * n];
      std::copy(begin(), end(), grown);
      if (to) delete[] to;
      to = grown;
      set_heap(grown);
    }
    to[n] = value;
    words_[kSize] = static_cast<int>(n + 1);
  }

  friend bool operator==(const IntList& a, const IntList& b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }
  friend bool operator==(const IntList& a, const std::vector<int>& b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

 private:
  // Four ints: three values inline, or the heap pointer's bytes in the first two; the size in the
  // last. Plain ints (the pointer copied in and out with memcpy), so the object is 16 bytes with
  // the alignment of an int: a union with the pointer would be aligned, and padded, to 8.
  static constexpr std::size_t kInline = 3;
  static constexpr std::size_t kSize = 3;
  bool on_heap() const { return size() > kInline; }
  int* heap() const {
    int* p = nullptr;
    std::memcpy(&p, words_.data(), sizeof p);
    return p;
  }
  void set_heap(int* p) { std::memcpy(words_.data(), &p, sizeof p); }
  void release() {
    if (on_heap()) delete[] heap();
    words_[kSize] = 0;
  }
  void assign(std::span<const int> values) {
    words_[kSize] = 0;
    if (values.size() > kInline) {
      int* to = new int[std::bit_ceil(values.size())];
      std::copy(values.begin(), values.end(), to);
      set_heap(to);
    } else {
      std::copy(values.begin(), values.end(), words_.begin());
    }
    words_[kSize] = static_cast<int>(values.size());
  }

  std::array<int, 4> words_{};
};

static_assert(sizeof(int*) <= 3 * sizeof(int), "the heap pointer fits where the three inline values go");

}  // namespace borderflow
