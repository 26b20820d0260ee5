/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fuzz targets' reader of the fuzzer's bytes: numbers and strings taken from the front,
 * zeros (or empty) once the input is used up, so every input decodes to something.
 */
#ifndef TCP_FSM_FUZZ_INPUT_H
#define TCP_FSM_FUZZ_INPUT_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace ns3
{
namespace fuzz
{

/// A finding: "TARGET: WHAT" on stderr, then abort() (libFuzzer keeps the input as a crash).
[[noreturn]] inline void
Finding(const char* target, const std::string& what)
{
    std::fprintf(stderr, "%s: %s\n", target, what.c_str());
    std::abort();
}

class FuzzInput
{
  public:
    FuzzInput(const uint8_t* data, std::size_t size)
      : m_data(data)
      , m_size(size)
    {}

    bool Empty() const
    {
        return m_pos >= m_size;
    }

    uint8_t U8()
    {
        return Empty() ? 0 : m_data[m_pos++];
    }

    uint16_t U16()
    {
        const uint16_t hi = U8();
        return static_cast<uint16_t>((hi << 8) | U8());
    }

    uint32_t U32()
    {
        const uint32_t hi = U16();
        return (hi << 16) | U16();
    }

    /// Up to n bytes (fewer at the end of the input).
    std::vector<uint8_t> Bytes(std::size_t n)
    {
        const std::size_t take = std::min(n, m_size - std::min(m_pos, m_size));
        std::vector<uint8_t> out(m_data + m_pos, m_data + m_pos + take);
        m_pos += take;
        return out;
    }

    /// A string of up to 255 bytes, its length first.
    std::string String()
    {
        const auto b = Bytes(U8());
        return std::string(b.begin(), b.end());
    }

  private:
    const uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos{0};
};

/// Split the input at NUL bytes (the argument vectors of the option fuzzers).
inline std::vector<std::string>
SplitAtNul(const uint8_t* data, std::size_t size)
{
    std::vector<std::string> out(1);
    for (std::size_t i = 0; i < size; ++i)
    {
        if (data[i] == 0)
        {
            out.emplace_back();
        }
        else
        {
            out.back().push_back(static_cast<char>(data[i]));
        }
    }
    return out;
}

} // namespace fuzz
} // namespace ns3

#endif /* TCP_FSM_FUZZ_INPUT_H */
