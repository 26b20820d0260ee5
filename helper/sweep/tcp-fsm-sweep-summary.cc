/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/tcp-fsm-sweep-summary.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/**
 * nlohmann-json's SAX parser (strict RFC 8259: no trailing commas, leading zeros, NaN, single
 * quotes, raw control characters or bad escapes) with a handler that keeps the top-level
 * numbers of an object, as written (a float's own text; an integer's canonical text), and
 * null as "". Refused as well: a top level that is not an object, a top-level key that appears
 * twice, nesting deeper than 64.
 */
class SummaryHandler : public nlohmann::json_sax<nlohmann::json>
{
  public:
    explicit SummaryHandler(std::map<std::string, std::string>& metrics)
      : m_metrics(metrics)
    {}

    std::string error; ///< why the parse stopped ("" when it did not)

    bool null() override
    {
        return Scalar("", true);
    }

    bool boolean(bool /* value */) override
    {
        return Scalar("", false);
    }

    bool number_integer(number_integer_t value) override
    {
        return Scalar(std::to_string(value), true);
    }

    bool number_unsigned(number_unsigned_t value) override
    {
        return Scalar(std::to_string(value), true);
    }

    bool number_float(number_float_t /* value */, const string_t& text) override
    {
        return Scalar(text, true);
    }

    bool string(string_t& /* value */) override
    {
        return Scalar("", false);
    }

    bool binary(binary_t& /* value */) override
    {
        return Scalar("", false); // not produced by the JSON text parser
    }

    bool start_object(std::size_t /* elements */) override
    {
        return Open();
    }

    bool key(string_t& key) override
    {
        if (m_depth == 1)
        {
            if (!m_keys.insert(key).second)
            {
                error = "key \"" + key + "\" appears twice";
                return false;
            }
            m_key = key;
        }
        return true;
    }

    bool end_object() override
    {
        --m_depth;
        return true;
    }

    bool start_array(std::size_t /* elements */) override
    {
        if (m_depth == 0)
        {
            error = "expected a JSON object";
            return false;
        }
        return Open();
    }

    bool end_array() override
    {
        --m_depth;
        return true;
    }

    bool parse_error(std::size_t position,
                     const std::string& /* lastToken */,
                     const nlohmann::detail::exception& e) override
    {
        // "[json.exception.parse_error.101] parse error at line 1, column 8: syntax error
        // while parsing value - invalid literal; last read: '01'": keep what follows "- ".
        std::string what = e.what();
        const std::size_t dash = what.find(" - ");
        error = "byte " + std::to_string(position) + ": "
                + (dash == std::string::npos ? what : what.substr(dash + 3));
        return false;
    }

  private:
    bool Open()
    {
        if (++m_depth > 64)
        {
            error = "nested too deeply";
            return false;
        }
        return true;
    }

    bool Scalar(const std::string& text, bool kept)
    {
        if (m_depth == 0)
        {
            error = "expected a JSON object";
            return false;
        }
        if (m_depth == 1 && kept && m_key != "seed" && m_key != "run")
        {
            m_metrics[m_key] = text;
        }
        return true;
    }

    std::map<std::string, std::string>& m_metrics;
    std::set<std::string> m_keys;
    std::string m_key;
    int m_depth{0};
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
    SummaryHandler handler(found);
    if (!nlohmann::json::sax_parse(text, &handler))
    {
        error = handler.error.empty() ? "not a JSON object" : handler.error;
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
