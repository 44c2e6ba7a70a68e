#pragma once
// Rare<T>: a part of an element that most elements leave empty (a link's availability over time,
// an element's provenance), held behind a pointer so that an empty one costs 8 bytes instead of
// sizeof(T). A 1M-link network written as tables has neither on any link, and those two parts
// alone were 176 of a Link's 432 bytes (issue 13: memory per link held after loading).
//
// It keeps value semantics (a copy is a deep copy, so copies of a scenario edit their own), and
// readers never branch: an empty Rare reads as one shared, default-constructed T.
//   x.provenance->assumption      read (an empty Rare gives the shared empty T)
//   f(x.availability)             converts to const T& for functions taking one
//   x.availability = value        stores nothing when value.empty() (T must have empty())
//   x.availability->edit().closed  writes, allocating on first use
#include <memory>
#include <optional>
#include <utility>

namespace borderflow {

/// An owning pointer that copies what it points to: the storage of Rare and RareOptional, so
/// that a copy of a scenario edits its own parts.
template <class T>
class DeepPtr {
 public:
  DeepPtr() = default;
  DeepPtr(const DeepPtr& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  DeepPtr(DeepPtr&&) noexcept = default;
  DeepPtr& operator=(const DeepPtr& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  DeepPtr& operator=(DeepPtr&&) noexcept = default;
  ~DeepPtr() = default;

  T* get() const { return value_.get(); }
  void set(T value) { value_ = std::make_unique<T>(std::move(value)); }
  void reset() { value_.reset(); }

 private:
  std::unique_ptr<T> value_;
};

template <class T>
class Rare {
 public:
  Rare() = default;
  // NOLINTNEXTLINE(google-explicit-constructor): a T stands for its Rare wherever one is set.
  Rare(T value) { *this = std::move(value); }
  Rare& operator=(T value) {
    if (value.empty()) value_.reset();
    else value_.set(std::move(value));
    return *this;
  }

  const T& get() const { return value_.get() ? *value_.get() : empty_value(); }
  const T& operator*() const { return get(); }
  const T* operator->() const { return &get(); }
  // NOLINTNEXTLINE(google-explicit-constructor): readers taking const T& read it as it was.
  operator const T&() const { return get(); }
  /// The value to write into, allocated on first use.
  T& edit() {
    if (!value_.get()) value_.set(T{});
    return *value_.get();
  }
  /// Back to empty (the shared default).
  void reset() { value_.reset(); }
  /// Whether anything is held (an edited value may still read as empty()).
  bool held() const { return value_.get() != nullptr; }

 private:
  static const T& empty_value() {
    static const T empty{};
    return empty;
  }
  DeepPtr<T> value_;
};

/// RareOptional<T>: std::optional<T> for a part most elements leave out, where being written at
/// all is the information (a place's `storage:`, which makes it hold stock between periods even at
/// capacity 0): 8 bytes when absent instead of sizeof(T) + 8 (a Place's storage was 48 of its 224
/// bytes). Deep copies, like Rare; the optional interface scenario code already used.
template <class T>
class RareOptional {
 public:
  RareOptional() = default;
  // NOLINTNEXTLINE(google-explicit-constructor): as std::optional, a T or nullopt stands for one.
  RareOptional(T value) { value_.set(std::move(value)); }
  // NOLINTNEXTLINE(google-explicit-constructor)
  RareOptional(std::nullopt_t) {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  RareOptional(std::optional<T> value) {
    if (value) value_.set(std::move(*value));
  }

  bool has_value() const { return value_.get() != nullptr; }
  explicit operator bool() const { return has_value(); }
  /// Undefined when empty, as for std::optional.
  const T& operator*() const { return *value_.get(); }
  T& operator*() { return *value_.get(); }
  const T* operator->() const { return value_.get(); }
  T* operator->() { return value_.get(); }
  void reset() { value_.reset(); }

 private:
  DeepPtr<T> value_;
};

}  // namespace borderflow
