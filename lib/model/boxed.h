// model/boxed.h — value types kept on the heap, to keep the structs that hold them small.
//
// A model::Object is a variant of every kind's definition, so each object is as large as
// the largest definition; a catalog of 10,000 tables holds about 50,000 objects and
// 90,000 columns. Boxed<T> (always holds a T) and Indirect<T> (an optional T) store the
// large, rare parts behind a pointer while keeping value semantics: copies are deep and
// == compares the values.
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace pgdrift::model {

/// A T on the heap, with value semantics. A moved-from Boxed may only be assigned to or
/// destroyed.
template <typename T>
class Boxed {
 public:
  Boxed() : value_(std::make_unique<T>()) {}
  Boxed(T value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit
  Boxed(const Boxed& other) : value_(std::make_unique<T>(*other.value_)) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) value_ = std::make_unique<T>(*other.value_);
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;

  const T& operator*() const { return *value_; }
  T& operator*() { return *value_; }
  const T* operator->() const { return value_.get(); }
  T* operator->() { return value_.get(); }
  bool operator==(const Boxed& other) const { return *value_ == *other.value_; }

 private:
  std::unique_ptr<T> value_;
};

/// An optional T on the heap: like std::optional<T>, but one pointer wide when empty.
template <typename T>
class Indirect {
 public:
  Indirect() = default;
  Indirect(T value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit
  Indirect(std::optional<T> value)                                      // NOLINT: implicit
      : value_(value ? std::make_unique<T>(std::move(*value)) : nullptr) {}
  Indirect(const Indirect& other)
      : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  Indirect(Indirect&&) noexcept = default;
  Indirect& operator=(const Indirect& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  Indirect& operator=(Indirect&&) noexcept = default;

  explicit operator bool() const { return value_ != nullptr; }
  bool has_value() const { return value_ != nullptr; }
  const T& operator*() const { return *value_; }
  T& operator*() { return *value_; }
  const T* operator->() const { return value_.get(); }
  T* operator->() { return value_.get(); }
  void reset() { value_.reset(); }
  /// A copy as std::optional, for code written against optionals.
  std::optional<T> to_optional() const { return value_ ? std::optional<T>(*value_) : std::nullopt; }
  bool operator==(const Indirect& other) const {
    if (!value_ || !other.value_) return !value_ && !other.value_;
    return *value_ == *other.value_;
  }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace pgdrift::model
