/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scripted peers, part 3: shell lines and sysctls (see the header).
 */
#include "ns3/tcp-fsm-script-sysctl.h"

#include "ns3/tcp-fsm-fastopen.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/// How a sysctl maps to an attribute.
enum class Conv
{
    BOOL,         ///< V != 0 -> "true"
    INT,          ///< V
    SECONDS,      ///< V s
    MICROSECONDS, ///< V us
    MIDDLE_BYTES, ///< "min default max": the default
    MAX_BYTES,    ///< "min default max": the max
    TEXT,         ///< V as written (a key)
    ECN_MODE,     ///< Linux's tcp_ecn 0, 1, 2 -> UseEcn Off, On, AcceptOnly
};

struct Mapping
{
    const char* sysctl;
    const char* attribute;
    Conv conv;
    const char* feature;
};

/// The sysctls with a model meaning.
const Mapping kMappings[] = {
    {"tcp_timestamps", "Timestamp", Conv::BOOL, "TCP timestamps (RFC 7323)"},
    {"tcp_sack", "Sack", Conv::BOOL, "SACK (RFC 2018)"},
    {"tcp_window_scaling", "WindowScaling", Conv::BOOL, "window scaling (RFC 7323)"},
    {"tcp_syn_retries", "ConnCount", Conv::INT, "SYN retries"},
    {"tcp_synack_retries", "SynAckRetries", Conv::INT, "SYN-ACK retries"},
    {"tcp_rmem", "RcvBufSize", Conv::MIDDLE_BYTES, "receive buffer size"},
    {"tcp_rmem", "RcvBufMax", Conv::MAX_BYTES, "receive buffer limit (window scale)"},
    {"tcp_wmem", "SndBufSize", Conv::MIDDLE_BYTES, "send buffer size"},
    {"tcp_fin_timeout", "FinWait2Timeout", Conv::SECONDS, "FIN_WAIT_2 timeout"},
    {"tcp_rto_min_us", "MinRto", Conv::MICROSECONDS, "minimum RTO"},
    {"tcp_retries2", "DataRetries", Conv::INT, "data retransmissions before giving up"},
    {"tcp_fastopen", "FastOpen", Conv::INT, "TCP Fast Open (RFC 7413)"},
    {"tcp_fastopen_key", "FastOpenKey", Conv::TEXT, "TCP Fast Open (RFC 7413) cookie key"},
    {"tcp_ecn", "UseEcn", Conv::ECN_MODE, "ECN (RFC 3168)"},
    {"tcp_min_tso_segs", "GsoMinSegments", Conv::INT, "TSO/GSO super-segments"},
};

/// What defaults.sh sets when the script's copy cannot be read (its documented meaning:
/// production values of packetdrill's gtests/net/common/defaults.sh).
const char* const kDefaults = "sysctl -q net.ipv4.tcp_rmem=\"4096 540000 15728640\"\n"
                              "sysctl -q net.ipv4.tcp_wmem=\"4096 262144 4194304\"\n"
                              "sysctl -q net.ipv4.tcp_timestamps=1\n"
                              "sysctl -q net.ipv4.tcp_syn_retries=5\n"
                              "sysctl -q net.ipv4.tcp_synack_retries=5\n"
                              "sysctl -q net.ipv4.tcp_sack=1\n"
                              "sysctl -q net.ipv4.tcp_ecn=0\n"
                              "sysctl -q net.ipv4.tcp_fastopen=0x70403\n"
                              "sysctl -q net.ipv4.tcp_fastopen_key="
                              "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n";

std::vector<std::string>
Words(const std::string& command)
{
    // Words split at blanks; "..." keeps its blanks (without the quotes).
    std::vector<std::string> words;
    std::string w;
    bool quoted = false;
    bool any = false;
    for (char c : command)
    {
        if (c == '"')
        {
            quoted = !quoted;
            any = true;
        }
        else if (!quoted && std::isspace(static_cast<unsigned char>(c)))
        {
            if (any)
            {
                words.push_back(w);
            }
            w.clear();
            any = false;
        }
        else
        {
            w += c;
            any = true;
        }
    }
    if (any)
    {
        words.push_back(w);
    }
    return words;
}

/// A value of $((A*B*C)) or a plain integer (0x allowed); false when neither.
bool
Integer(std::string v, int64_t& out)
{
    if (v.compare(0, 3, "$((") == 0 && v.size() > 5 && v.compare(v.size() - 2, 2, "))") == 0)
    {
        v = v.substr(3, v.size() - 5);
        int64_t product = 1;
        std::istringstream in(v);
        std::string factor;
        while (std::getline(in, factor, '*'))
        {
            int64_t f = 0;
            if (!Integer(factor, f))
            {
                return false;
            }
            product *= f;
        }
        out = product;
        return true;
    }
    if (v.empty())
    {
        return false;
    }
    char* end = nullptr;
    out = std::strtoll(v.c_str(), &end, 0);
    return *end == '\0';
}

class Interpreter
{
  public:
    Interpreter(std::string dir, TcpFsmScriptShellEffect& effect)
      : m_dir(std::move(dir))
      , m_effect(effect)
    {}

    /// A whole command text: lines joined at '\', split at ';' and "&&".
    void Text(const std::string& text, bool inDefaults)
    {
        std::string joined;
        for (std::size_t i = 0; i < text.size(); ++i)
        {
            if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\n')
            {
                joined += ' ';
                ++i;
                continue;
            }
            joined += text[i];
        }
        std::string current;
        std::istringstream lines(joined);
        std::string line;
        while (std::getline(lines, line))
        {
            const std::size_t hash = line.find('#');
            if (hash != std::string::npos)
            {
                line.erase(hash);
            }
            std::size_t start = 0;
            while (true)
            {
                std::size_t semi = line.find(';', start);
                std::size_t amp = line.find("&&", start);
                std::size_t cut = std::min(semi, amp);
                Command(line.substr(start, cut == std::string::npos ? cut : cut - start),
                        inDefaults);
                if (cut == std::string::npos)
                {
                    break;
                }
                start = cut + (cut == amp ? 2 : 1);
            }
        }
    }

  private:
    void Command(const std::string& command, bool inDefaults)
    {
        std::vector<std::string> w = Words(command);
        if (w.size() == 4 && w[0] == "echo" && w[2] == ">" && CubicParameter(w[3], w[1]))
        {
            return;
        }
        // Redirections are about the shell's output: no meaning for the model.
        for (std::size_t i = 0; i < w.size(); ++i)
        {
            if (w[i] == ">" || w[i].compare(0, 2, "2>") == 0 || w[i].compare(0, 1, ">") == 0)
            {
                if (w[i] == ">" && i + 1 < w.size() && w[i + 1].compare(0, 5, "/dev/") != 0)
                {
                    Unsupported(command, inDefaults); // writes a file
                    return;
                }
                w.resize(i);
                break;
            }
        }
        if (w.empty())
        {
            return;
        }
        const std::string& prog = w[0];
        const std::string base = std::filesystem::path(prog).filename().string();
        if (base == "defaults.sh")
        {
            std::ifstream in((std::filesystem::path(m_dir) / prog).string());
            std::ostringstream text;
            if (in)
            {
                text << in.rdbuf();
            }
            Text(in ? text.str() : std::string(kDefaults), true);
            return;
        }
        if (base == "sysctl")
        {
            for (std::size_t i = 1; i < w.size(); ++i)
            {
                if (w[i][0] != '-')
                {
                    Sysctl(w[i], "net.ipv4.", inDefaults);
                }
            }
            return;
        }
        if (base == "set_sysctls.py")
        {
            for (std::size_t i = 1; i < w.size(); ++i)
            {
                Sysctl(w[i], "/proc/sys/net/ipv4/", inDefaults);
            }
            return;
        }
        if (base == "rm" && w.size() >= 3 && w[1] == "-f")
        {
            for (std::size_t i = 2; i < w.size(); ++i)
            {
                m_effect.files.emplace_back(w[i], -1);
            }
            return;
        }
        if (base == "dd" && ZeroFile(w))
        {
            return;
        }
        if (base == "ethtool" && OffloadsOff(w))
        {
            // Switching TSO or GSO off: one MSS per segment (GsoMaxSegments 1). The device
            // never coalesces what it receives (no GRO, LRO): those are off already.
            if (std::find(w.begin(), w.end(), "tso") == w.end()
                && std::find(w.begin(), w.end(), "gso") == w.end())
            {
                m_effect.ignored.push_back(command + " (the simulated device has no GRO/LRO)");
                return;
            }
            TcpFsmScriptSetting s;
            s.sysctl = command;
            s.attribute = "GsoMaxSegments";
            s.value = "1";
            s.feature = "TSO/GSO super-segments";
            s.needed = false;
            m_effect.settings.push_back(s);
            return;
        }
        if (prog.compare(0, 20, "/tmp/sysctl_restore_") == 0)
        {
            m_effect.ignored.push_back(command + " (restores the sysctls after the run)");
            return;
        }
        Unsupported(command, inDefaults);
    }

    /// `dd if=/dev/zero of=PATH bs=B count=N [status=none]`: a file of B*N zero bytes (the
    /// payload packetdrill sends is zeros); another dd is a skip.
    bool ZeroFile(const std::vector<std::string>& w)
    {
        std::string in;
        std::string out;
        int64_t bs = 512; // dd's default block size
        int64_t count = -1;
        for (std::size_t i = 1; i < w.size(); ++i)
        {
            const std::size_t eq = w[i].find('=');
            const std::string key = w[i].substr(0, eq);
            const std::string value = eq == std::string::npos ? "" : w[i].substr(eq + 1);
            if (key == "if")
            {
                in = value;
            }
            else if (key == "of")
            {
                out = value;
            }
            else if ((key == "bs" && !Integer(value, bs))
                     || (key == "count" && !Integer(value, count)))
            {
                return false;
            }
            else if (key != "bs" && key != "count" && key != "status")
            {
                return false;
            }
        }
        if (in != "/dev/zero" || out.empty() || bs < 0 || count < 0 || bs * count > (1 << 30))
        {
            return false;
        }
        m_effect.files.emplace_back(out, bs * count);
        return true;
    }

    /// `echo V > /sys/module/tcp_cubic/parameters/NAME`: Linux CUBIC's module parameters are
    /// the initial values of ns-3's TcpCubic attributes of the same meaning (its HyStart is
    /// Linux's: detection by ACK train 1, delay 2, both 3). False when not such a line.
    bool CubicParameter(const std::string& path, const std::string& value)
    {
        const std::string dir = "/sys/module/tcp_cubic/parameters/";
        if (path.compare(0, dir.size(), dir) != 0)
        {
            return false;
        }
        static const std::pair<const char*, const char*> kParameters[] = {
            {"hystart", "HyStart"},
            {"hystart_detect", "HyStartDetect"},
            {"hystart_low_window", "HyStartLowWindow"},
            {"fast_convergence", "FastConvergence"},
        };
        const std::string name = path.substr(dir.size());
        int64_t v = 0;
        for (const auto& [linuxName, attribute] : kParameters)
        {
            if (name == linuxName && Integer(value, v))
            {
                const bool flag = name == "hystart" || name == "fast_convergence";
                m_effect.ccDefaults.emplace_back(std::string("ns3::TcpCubic::") + attribute,
                                                 flag ? (v ? "true" : "false") : std::to_string(v));
                return true;
            }
        }
        m_effect.ignored.push_back("tcp_cubic." + name + "=" + value);
        return true;
    }

    /// `ethtool -K DEV FEATURE off ...` that only switches segmentation offloads off.
    static bool OffloadsOff(const std::vector<std::string>& w)
    {
        static const std::set<std::string> kOffloads
            = {"tso", "gso", "gro", "lro", "sg", "tx", "rx"};
        if (w.size() < 5 || (w[1] != "-K" && w[1] != "--features") || (w.size() - 3) % 2 != 0)
        {
            return false;
        }
        for (std::size_t i = 3; i + 1 < w.size(); i += 2)
        {
            if (!kOffloads.count(w[i]) || w[i + 1] != "off")
            {
                return false;
            }
        }
        return true;
    }

    void Unsupported(const std::string& command, bool inDefaults)
    {
        std::string c = command;
        while (!c.empty() && std::isspace(static_cast<unsigned char>(c.front())))
        {
            c.erase(0, 1);
        }
        if (inDefaults)
        {
            // The test machine's set-up (flush metrics, qdisc on tun0): nothing to model.
            m_effect.ignored.push_back(c + " (in defaults.sh)");
        }
        else if (m_effect.unsupported.empty())
        {
            m_effect.unsupported = c;
        }
    }

    void Sysctl(const std::string& assignment, const std::string& prefix, bool inDefaults)
    {
        const std::size_t eq = assignment.find('=');
        std::string name = assignment.substr(0, eq);
        for (char& ch : name)
        {
            ch = ch == '/' ? '.' : ch;
        }
        std::string dotted = prefix;
        for (char& ch : dotted)
        {
            ch = ch == '/' ? '.' : ch;
        }
        if (name.compare(0, dotted.size(), dotted) == 0)
        {
            name = name.substr(dotted.size());
        }
        else if (name.compare(0, 9, "net.ipv4.") == 0)
        {
            name = name.substr(9);
        }
        const std::string value = eq == std::string::npos ? "" : assignment.substr(eq + 1);
        const std::string written = name + "=" + value;
        bool mapped = false;
        for (const auto& m : kMappings)
        {
            if (name != m.sysctl)
            {
                continue;
            }
            TcpFsmScriptSetting s;
            s.sysctl = written;
            s.attribute = m.attribute;
            s.feature = m.feature;
            std::vector<std::string> parts = Words(value);
            std::size_t part = 0;
            if (parts.size() == 3 && (m.conv == Conv::MIDDLE_BYTES || m.conv == Conv::MAX_BYTES))
            {
                part = m.conv == Conv::MIDDLE_BYTES ? 1 : 2;
            }
            int64_t v = 0;
            mapped = true;
            TcpFsmFastOpenKey key;
            if (m.conv == Conv::TEXT && !TcpFsmParseFastOpenKey(value, key))
            {
                m_effect.ignored.push_back(written + " (not a key: four hex words, a-b-c-d)");
                continue;
            }
            if (m.conv == Conv::TEXT)
            {
                s.value = value; // Linux's format is the attribute's
                s.needed = false;
                m_effect.settings.push_back(s);
                continue;
            }
            if (parts.empty() || !Integer(parts[part], v))
            {
                m_effect.ignored.push_back(written + " (not a number)");
                continue;
            }
            switch (m.conv)
            {
            case Conv::BOOL:
                s.value = v ? "true" : "false";
                s.needed = v != 0;
                break;
            case Conv::INT:
            case Conv::MIDDLE_BYTES:
            case Conv::MAX_BYTES:
                s.value = std::to_string(v);
                break;
            case Conv::SECONDS:
                s.value = std::to_string(v) + "s";
                break;
            case Conv::MICROSECONDS:
                s.value = std::to_string(v) + "us";
                break;
            case Conv::ECN_MODE:
                // Linux: 0 never, 1 asks for ECN on its SYNs and accepts it, 2 only accepts.
                if (v < 0 || v > 2)
                {
                    m_effect.ignored.push_back(written
                                               + " (not 0, 1 or 2: a mode without "
                                                 "RFC 3168 meaning)");
                    continue;
                }
                s.value = v == 0 ? "Off" : (v == 1 ? "On" : "AcceptOnly");
                break;
            case Conv::TEXT:
                break;
            }
            // defaults.sh stands for the test machine, which the Linux profile models: its
            // numbers apply where the model has them. A feature switched on is needed
            // wherever it comes from; Fast Open is needed only by the lines that use it.
            if (m.conv != Conv::BOOL)
            {
                s.needed = !inDefaults && std::string(m.attribute) != "FastOpen"
                           && (std::string(m.attribute) != "UseEcn" || v != 0);
            }
            m_effect.settings.push_back(s);
        }
        if (!mapped)
        {
            m_effect.ignored.push_back(written);
        }
    }

    std::string m_dir;
    TcpFsmScriptShellEffect& m_effect;
};

} // namespace

TcpFsmScriptShellEffect
TcpFsmScriptInterpretShell(const std::string& command, const std::string& scriptDir)
{
    TcpFsmScriptShellEffect effect;
    Interpreter(scriptDir, effect).Text(command, false);
    return effect;
}

} // namespace ns3
