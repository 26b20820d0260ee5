/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-sweep-summary.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/// A strict recursive-descent JSON reader that keeps the top-level numbers of an object.
class JsonReader
{
  public:
    explicit JsonReader(const std::string& text)
      : m_s(text)
    {}

    bool TopLevel(std::map<std::string, std::string>& metrics, std::string& error)
    {
        std::set<std::string> keys;
        Ws();
        if (!Expect('{', "a JSON object"))
        {
            return Fail(error);
        }
        Ws();
        if (Peek() == '}')
        {
            ++m_i;
        }
        else
        {
            while (true)
            {
                Ws();
                std::string key;
                if (!String(&key))
                {
                    return Fail(error);
                }
                if (!keys.insert(key).second)
                {
                    m_error = "key \"" + key + "\" appears twice";
                    return Fail(error);
                }
                Ws();
                if (!Expect(':', "':'"))
                {
                    return Fail(error);
                }
                Ws();
                std::string number;
                bool isNumber = false;
                bool isNull = false;
                if (!Value(0, &number, &isNumber, &isNull))
                {
                    return Fail(error);
                }
                if ((isNumber || isNull) && key != "seed" && key != "run")
                {
                    metrics[key] = number;
                }
                Ws();
                if (Peek() == ',')
                {
                    ++m_i;
                    continue;
                }
                if (!Expect('}', "',' or '}'"))
                {
                    return Fail(error);
                }
                break;
            }
        }
        Ws();
        if (m_i != m_s.size())
        {
            m_error = "unexpected text after the object";
            return Fail(error);
        }
        return true;
    }

  private:
    bool Fail(std::string& error)
    {
        error = "byte " + std::to_string(m_i) + ": " + m_error;
        return false;
    }

    char Peek() const
    {
        return m_i < m_s.size() ? m_s[m_i] : '\0';
    }

    void Ws()
    {
        while (m_i < m_s.size()
               && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r'))
        {
            ++m_i;
        }
    }

    bool Expect(char c, const char* what)
    {
        if (m_i >= m_s.size() || m_s[m_i] != c)
        {
            m_error = std::string("expected ") + what;
            return false;
        }
        ++m_i;
        return true;
    }

    bool Digits()
    {
        std::size_t start = m_i;
        while (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9')
        {
            ++m_i;
        }
        if (m_i == start)
        {
            m_error = "expected a digit";
            return false;
        }
        return true;
    }

    bool Number(std::string* out)
    {
        std::size_t start = m_i;
        if (Peek() == '-')
        {
            ++m_i;
        }
        if (Peek() == '0')
        {
            ++m_i;
        }
        else if (!Digits())
        {
            return false;
        }
        if (Peek() == '.')
        {
            ++m_i;
            if (!Digits())
            {
                return false;
            }
        }
        if (Peek() == 'e' || Peek() == 'E')
        {
            ++m_i;
            if (Peek() == '+' || Peek() == '-')
            {
                ++m_i;
            }
            if (!Digits())
            {
                return false;
            }
        }
        *out = m_s.substr(start, m_i - start);
        return true;
    }

    static void AppendUtf8(std::string& out, uint32_t cp)
    {
        if (cp < 0x80)
        {
            out += static_cast<char>(cp);
        }
        else if (cp < 0x800)
        {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000)
        {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else
        {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    bool Hex4(uint32_t& v)
    {
        v = 0;
        for (int k = 0; k < 4; ++k)
        {
            char c = Peek();
            int d = (c >= '0' && c <= '9')   ? c - '0'
                    : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                             : -1;
            if (d < 0)
            {
                m_error = "bad \\u escape";
                return false;
            }
            v = v * 16 + static_cast<uint32_t>(d);
            ++m_i;
        }
        return true;
    }

    bool String(std::string* out)
    {
        if (!Expect('"', "a string"))
        {
            return false;
        }
        while (true)
        {
            if (m_i >= m_s.size())
            {
                m_error = "unterminated string";
                return false;
            }
            char c = m_s[m_i++];
            if (c == '"')
            {
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20)
            {
                m_error = "control character in a string";
                return false;
            }
            if (c != '\\')
            {
                *out += c;
                continue;
            }
            char e = Peek();
            ++m_i;
            switch (e)
            {
            case '"':
            case '\\':
            case '/':
                *out += e;
                break;
            case 'b':
                *out += '\b';
                break;
            case 'f':
                *out += '\f';
                break;
            case 'n':
                *out += '\n';
                break;
            case 'r':
                *out += '\r';
                break;
            case 't':
                *out += '\t';
                break;
            case 'u':
            {
                uint32_t cp = 0;
                if (!Hex4(cp))
                {
                    return false;
                }
                if (cp >= 0xD800 && cp < 0xDC00 && m_s.compare(m_i, 2, "\\u") == 0)
                {
                    m_i += 2;
                    uint32_t lo = 0;
                    if (!Hex4(lo))
                    {
                        return false;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                AppendUtf8(*out, cp);
                break;
            }
            default:
                --m_i;
                m_error = "bad escape in a string";
                return false;
            }
        }
    }

    bool Literal(const char* word)
    {
        std::size_t n = std::strlen(word);
        if (m_s.compare(m_i, n, word) != 0)
        {
            m_error = "expected a JSON value";
            return false;
        }
        m_i += n;
        return true;
    }

    bool Value(int depth, std::string* number, bool* isNumber, bool* isNull)
    {
        if (depth > 64)
        {
            m_error = "nested too deeply";
            return false;
        }
        std::string ignored;
        char c = Peek();
        if (c == '{' || c == '[')
        {
            const char close = c == '{' ? '}' : ']';
            ++m_i;
            Ws();
            if (Peek() == close)
            {
                ++m_i;
                return true;
            }
            while (true)
            {
                Ws();
                if (c == '{')
                {
                    if (!String(&ignored))
                    {
                        return false;
                    }
                    Ws();
                    if (!Expect(':', "':'"))
                    {
                        return false;
                    }
                    Ws();
                }
                if (!Value(depth + 1, &ignored, nullptr, nullptr))
                {
                    return false;
                }
                Ws();
                if (Peek() == ',')
                {
                    ++m_i;
                    continue;
                }
                return Expect(close, close == '}' ? "',' or '}'" : "',' or ']'");
            }
        }
        if (c == '"')
        {
            return String(&ignored);
        }
        if (c == '-' || (c >= '0' && c <= '9'))
        {
            if (isNumber)
            {
                *isNumber = true;
            }
            return Number(number);
        }
        if (c == 'n')
        {
            if (isNull)
            {
                *isNull = true;
            }
            number->clear();
            return Literal("null");
        }
        return c == 't' ? Literal("true") : Literal("false");
    }

    const std::string& m_s;
    std::size_t m_i{0};
    std::string m_error;
};

/// The last non-empty line of a file (its last 64 KiB), trimmed and at most 300 bytes.
std::string
LastLine(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        return "";
    }
    in.seekg(0, std::ios::end);
    std::streamoff size = in.tellg();
    std::streamoff from = size > 65536 ? size - 65536 : 0;
    in.seekg(from);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string last;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
    {
        auto b = line.find_first_not_of(" \t\r");
        if (b == std::string::npos)
        {
            continue;
        }
        auto e = line.find_last_not_of(" \t\r");
        last = line.substr(b, e - b + 1);
    }
    if (last.size() > 300)
    {
        last = last.substr(0, 297) + "...";
    }
    return last;
}

const char*
SignalName(int sig)
{
    static const std::pair<int, const char*> names[] = {
        {1, "SIGHUP"},
        {2, "SIGINT"},
        {3, "SIGQUIT"},
        {4, "SIGILL"},
        {5, "SIGTRAP"},
        {6, "SIGABRT"},
        {7, "SIGBUS"},
        {8, "SIGFPE"},
        {9, "SIGKILL"},
        {10, "SIGUSR1"},
        {11, "SIGSEGV"},
        {12, "SIGUSR2"},
        {13, "SIGPIPE"},
        {14, "SIGALRM"},
        {15, "SIGTERM"},
        {24, "SIGXCPU"},
        {25, "SIGXFSZ"},
    };
    for (const auto& [n, name] : names)
    {
        if (n == sig)
        {
            return name;
        }
    }
    return nullptr;
}

bool
Exists(const std::string& path)
{
    return access(path.c_str(), F_OK) == 0;
}

} // namespace

bool
TcpFsmSweepSummary::Parse(const std::string& text,
                          std::map<std::string, std::string>& metrics,
                          std::string& error)
{
    std::map<std::string, std::string> found;
    JsonReader reader(text);
    if (!reader.TopLevel(found, error))
    {
        return false;
    }
    metrics = std::move(found);
    return true;
}

bool
TcpFsmSweepSummary::Read(const std::string& path,
                         std::map<std::string, std::string>& metrics,
                         std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        error = "summary.json is missing";
        return false;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!Parse(text, metrics, error))
    {
        error = "summary.json: " + error;
        return false;
    }
    return true;
}

TcpFsmSweepRunState
TcpFsmSweepInspectRun(const TcpFsmSweepRunFiles& files,
                      bool logMeansFailed,
                      TcpFsmSweepRunResult& result)
{
    result.ok = false;
    result.metrics.clear();
    result.exitStatus = 0;
    result.error.clear();
    std::string summaryError;
    if (TcpFsmSweepSummary::Read(files.summary, result.metrics, summaryError))
    {
        result.ok = true;
        return TcpFsmSweepRunState::FINISHED;
    }
    if (Exists(files.failed))
    {
        std::ifstream in(files.failed);
        std::string line;
        std::getline(in, line);
        result.exitStatus = -1;
        if (line.rfind("exit_status=", 0) == 0)
        {
            try
            {
                result.exitStatus = std::stoi(line.substr(12));
            }
            catch (const std::exception&)
            {
                result.exitStatus = -1;
            }
        }
        result.error = result.exitStatus == -1
                           ? "malformed FAILED marker"
                           : TcpFsmSweepErrorText(result.exitStatus, files.log, summaryError);
        return TcpFsmSweepRunState::FAILED;
    }
    if (logMeansFailed && Exists(files.log))
    {
        result.error = TcpFsmSweepErrorText(0, files.log, summaryError);
        return TcpFsmSweepRunState::FAILED;
    }
    return TcpFsmSweepRunState::PENDING;
}

bool
TcpFsmSweepWriteFailedMarker(const TcpFsmSweepRunFiles& files, int exitStatus, std::string& error)
{
    return TcpFsmWriteFileAtomic(
        files.failed, "exit_status=" + std::to_string(exitStatus) + "\n", error);
}

std::string
TcpFsmSweepErrorText(int exitStatus, const std::string& logPath, const std::string& summaryError)
{
    std::string last = LastLine(logPath);
    if (exitStatus == 0)
    {
        return "exit status 0 without a valid summary.json"
               + (summaryError.empty() ? std::string() : " (" + summaryError + ")")
               + (last.empty() ? std::string() : ": " + last);
    }
    if (exitStatus > 128 && exitStatus < 128 + 65)
    {
        int sig = exitStatus - 128;
        const char* name = SignalName(sig);
        return "killed by signal " + std::to_string(sig)
               + (name ? std::string(" (") + name + ")" : std::string())
               + (last.empty() ? std::string() : ": " + last);
    }
    return last.empty() ? "exit status " + std::to_string(exitStatus) : last;
}

bool
TcpFsmWriteFileAtomic(const std::string& path, const std::string& content, std::string& error)
{
    std::string tmp = path + ".tmp." + std::to_string(getpid());
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f)
    {
        error = "cannot write " + tmp + ": " + std::strerror(errno);
        return false;
    }
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    ok = (std::fclose(f) == 0) && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0)
    {
        error = "cannot write " + path + ": " + std::strerror(errno);
        std::remove(tmp.c_str());
        return false;
    }
    return true;
}

} // namespace ns3
