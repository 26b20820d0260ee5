/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report.html of the nine course labs, checked from the files themselves: every run has one,
 * no two labels of a ladder overlap (boxes computed from the SVG text), the handshake and the
 * close of connection 1 are on the first screen of its ladder, fonts are 9 px or larger, the
 * answers to the questions agree with the run's CSV files (recomputed here, independently of
 * the report's code), and text from the command line is escaped.
 */
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace fs = std::filesystem;

namespace
{

const fs::path kSource = TCP_FSM_SOURCE_DIR;
const fs::path kBin = TCP_FSM_BIN_DIR;
const fs::path kWork = TCP_FSM_WORK_DIR;

std::string
Slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

int
Shell(const std::string& command)
{
    int rc = std::system(command.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/// Run every lab's run.sh once (the nine labs, as their READMEs say).
class Labs : public ::testing::Test
{
  protected:
    static void SetUpTestSuite()
    {
        fs::remove_all(kWork);
        fs::create_directories(kWork);
        for (const auto& e : fs::directory_iterator(kSource / "examples" / "labs"))
        {
            if (!e.is_directory())
            {
                continue;
            }
            std::string name = e.path().filename().string();
            std::string cmd
                = "cd '" + kWork.string() + "' && TCP_FSM_LAB='" + (kBin / "tcp-fsm-lab").string()
                  + "' TCP_FSM_SCRIPT='" + (kBin / "tcp-fsm-script").string() + "' sh '"
                  + (e.path() / "run.sh").string() + "' '" + name + "' >'" + name + ".log' 2>&1";
            s_status[name] = Shell(cmd);
        }
    }

    /// Every report.html under the work directory.
    static std::vector<fs::path> Reports()
    {
        std::vector<fs::path> out;
        for (const auto& e : fs::recursive_directory_iterator(kWork))
        {
            if (e.path().filename() == "report.html")
            {
                out.push_back(e.path());
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    static std::map<std::string, int> s_status;
};

std::map<std::string, int> Labs::s_status;

/// A <text> of an SVG.
struct Text
{
    double x{0};
    double y{0};
    double size{0};
    std::string anchor{"start"};
    std::string cls;
    std::string content; ///< tags removed, entities decoded
    bool transformed{false};

    std::size_t Chars() const
    {
        return static_cast<std::size_t>(std::count_if(content.begin(),
                                                      content.end(),
                                                      [](char c)
                                                      {
                                                          return (c & 0xC0) != 0x80;
                                                      }));
    }

    /// Box: 0.6 em a character (monospace advance), 0.8 em above the baseline, 0.25 below.
    double X0() const
    {
        double w = Width();
        return anchor == "end" ? x - w : anchor == "middle" ? x - w / 2 : x;
    }

    double Width() const
    {
        return 0.6 * size * static_cast<double>(Chars());
    }

    double Top() const
    {
        return y - 0.8 * size;
    }

    double Bottom() const
    {
        return y + 0.25 * size;
    }
};

std::string
Attribute(const std::string& tag, const std::string& name)
{
    std::regex re("\\s" + name + "=\"([^\"]*)\"");
    std::smatch m;
    return std::regex_search(tag, m, re) ? m[1].str() : "";
}

std::vector<Text>
Texts(const std::string& svg)
{
    std::vector<Text> out;
    static const std::regex tags("<[^>]*>");
    for (auto p = svg.find("<text"); p != std::string::npos; p = svg.find("<text", p + 1))
    {
        const auto gt = svg.find('>', p);
        const auto close = gt == std::string::npos ? gt : svg.find("</text>", gt);
        if (close == std::string::npos)
        {
            break;
        }
        Text t;
        std::string attrs = " " + svg.substr(p + 5, gt - p - 5);
        const std::string body = svg.substr(gt + 1, close - gt - 1);
        t.x = std::stod(Attribute(attrs, "x"));
        t.y = std::stod(Attribute(attrs, "y"));
        t.size = std::stod(Attribute(attrs, "font-size"));
        std::string anchor = Attribute(attrs, "text-anchor");
        t.anchor = anchor.empty() ? "start" : anchor;
        t.cls = Attribute(attrs, "class");
        t.transformed = !Attribute(attrs, "transform").empty();
        std::string c = std::regex_replace(body, tags, "");
        for (const auto& [entity, ch] : std::vector<std::pair<std::string, std::string>>{
                 {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}})
        {
            for (auto p = c.find(entity); p != std::string::npos; p = c.find(entity, p + 1))
            {
                c.replace(p, entity.size(), ch);
            }
        }
        t.content = c;
        out.push_back(t);
    }
    return out;
}

/// The ladders of a report, in the order of the picker.
std::vector<std::string>
Ladders(const std::string& html)
{
    std::vector<std::string> out;
    // Plain searches: std::regex recurses once per character of a lazy [\\s\\S]*? match,
    // which overflows the stack on a large SVG (seen under AddressSanitizer).
    const std::string open = "<div class=\"ladder\"";
    for (auto p = html.find(open); p != std::string::npos; p = html.find(open, p + 1))
    {
        const auto figure = html.find("<div class=\"figure\">", p);
        const auto svg = figure == std::string::npos ? figure : html.find("<svg", figure);
        const auto close = svg == std::string::npos ? svg : html.find("</svg>", svg);
        if (close == std::string::npos)
        {
            break;
        }
        out.push_back(html.substr(svg, close + 6 - svg));
    }
    return out;
}

TEST_F(Labs, EveryRunOfEveryLabHasAReport)
{
    ASSERT_EQ(s_status.size(), 9U);
    for (const auto& [name, status] : s_status)
    {
        EXPECT_EQ(status, 0) << name << ": " << Slurp(kWork / (name + ".log"));
    }
    std::size_t runs = 0;
    for (const auto& e : fs::recursive_directory_iterator(kWork))
    {
        if (e.path().filename() == "summary.json")
        {
            ++runs;
            EXPECT_TRUE(fs::exists(e.path().parent_path() / "report.html")) << e.path();
        }
    }
    EXPECT_EQ(runs, 16U); // 1 + 2 + 1 + 2 + 1 + 3 + 2 + 4 runs of tcp-fsm-lab, and lab 03 ...
    EXPECT_TRUE(fs::exists(kWork / "03-simultaneous-open" / "report.html")); // ... a script
    for (const auto& r : Reports())
    {
        std::string html = Slurp(r);
        EXPECT_EQ(html.find("<script src"), std::string::npos) << r;
        EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org")) << r; // no network
        EXPECT_EQ(html.find("https://"), std::string::npos) << r;
        EXPECT_FALSE(Ladders(html).empty()) << r;
    }
}

TEST_F(Labs, NoTwoLadderLabelsOverlapAndNoFontIsBelow9Px)
{
    std::size_t checked = 0;
    for (const auto& r : Reports())
    {
        auto ladders = Ladders(Slurp(r));
        for (std::size_t l = 0; l < ladders.size(); ++l)
        {
            auto texts = Texts(ladders[l]);
            ASSERT_FALSE(texts.empty());
            for (std::size_t i = 0; i < texts.size(); ++i)
            {
                const Text& a = texts[i];
                EXPECT_GE(a.size, 9) << r << " ladder " << l + 1 << ": " << a.content;
                EXPECT_FALSE(a.transformed) << r << ": rotated text " << a.content;
                for (std::size_t j = i + 1; j < texts.size(); ++j)
                {
                    const Text& b = texts[j];
                    bool across = a.X0() < b.X0() + b.Width() && b.X0() < a.X0() + a.Width();
                    bool down = a.Top() < b.Bottom() && b.Top() < a.Bottom();
                    EXPECT_FALSE(across && down)
                        << r << " ladder " << l + 1 << ": '" << a.content << "' at (" << a.x << ", "
                        << a.y << ") overlaps '" << b.content << "' at (" << b.x << ", " << b.y
                        << ")";
                    ++checked;
                }
            }
        }
    }
    EXPECT_GT(checked, 1000U);
}

TEST_F(Labs, HandshakeAndCloseOfConnection1AreOnTheFirstScreen)
{
    for (const auto& r : Reports())
    {
        auto ladders = Ladders(Slurp(r));
        ASSERT_FALSE(ladders.empty()) << r;
        double lowest = 0;
        std::string what;
        bool syn = false;
        for (const Text& t : Texts(ladders[0]))
        {
            bool teardown = t.cls == "seg"
                            && (t.content.find("FIN") != std::string::npos
                                || t.content.find("RST") != std::string::npos);
            bool handshake = t.cls == "seg" && t.content.find("SYN") != std::string::npos;
            syn |= handshake;
            if ((t.cls == "state" || teardown || handshake) && t.Bottom() > lowest)
            {
                lowest = t.Bottom();
                what = t.content;
            }
        }
        EXPECT_LE(lowest, 900) << r << ": '" << what << "' is below the first screen";
        if (r.string().find("03-simultaneous-open") == std::string::npos)
        {
            EXPECT_TRUE(syn) << r << ": no SYN in the first ladder";
        }
    }
}

TEST_F(Labs, BandsFoldDataOnlyByDefault)
{
    std::string folded = Slurp(kWork / "06-half-close" / "report.html");
    EXPECT_NE(folded.find("<polygon class=\"band\""), std::string::npos);
    ASSERT_EQ(Shell("cd '" + kWork.string() + "' && '" + (kBin / "tcp-fsm-lab").string()
                    + "' --connections=1 --bytes=5000 --loss=0 --close=half --unfold "
                      "--out=unfolded >/dev/null"),
              0);
    std::string unfolded = Slurp(kWork / "unfolded" / "report.html");
    EXPECT_EQ(unfolded.find("<polygon class=\"band\""), std::string::npos);
    // Unfolded, every segment sent has its label: one per tx row of the segment CSV.
    std::ifstream csv(kWork / "unfolded" / "segments.csv");
    std::string line;
    std::size_t tx = 0;
    while (std::getline(csv, line))
    {
        tx += line.find(",tx,") != std::string::npos;
    }
    std::size_t labels = 0;
    for (const Text& t : Texts(Ladders(unfolded).at(0)))
    {
        labels += t.cls == "seg";
    }
    EXPECT_EQ(labels, tx);
}

/// A CSV file as rows of fields.
std::vector<std::vector<std::string>>
Csv(const fs::path& p)
{
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(p);
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line))
    {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string field;
        while (std::getline(ss, field, ','))
        {
            f.push_back(field);
        }
        if (!line.empty() && line.back() == ',')
        {
            f.push_back("");
        }
        rows.push_back(f);
    }
    return rows;
}

/// The answers to the questions, from the CSV files alone.
class CsvAnswers
{
  public:
    CsvAnswers(const fs::path& transitions, const fs::path& segments)
      : m_t(Csv(transitions))
      , m_s(fs::exists(segments) ? Csv(segments) : decltype(m_s)())
    {
        // transitions: time,node,socket,local,peer,from,to,cause,...
        for (const auto& r : m_t)
        {
            if (m_client.empty() && r[5] == "CLOSED" && r[6] == "SYN_SENT"
                && r[7] == "app_active_open")
            {
                m_client = r[1] + "/" + r[2];
                m_clientLocal = r[3];
                m_clientPeer = r[4];
            }
        }
        for (const auto& r : m_t)
        {
            if (m_server.empty() && !m_client.empty() && r[3] == m_clientPeer
                && r[4] == m_clientLocal)
            {
                m_server = r[1] + "/" + r[2];
            }
        }
    }

    std::string Answer(const std::string& id) const
    {
        std::smatch m;
        if (std::regex_match(id, m, std::regex("path_(client|server)")))
        {
            std::string path;
            for (const auto& r : Rows(Who(m[1])))
            {
                path += (path.empty() ? r[5] : "") + " " + r[6];
            }
            return path.empty() ? "none" : path;
        }
        if (std::regex_match(id, m, std::regex("sockets_through_(\\w+)")))
        {
            std::set<std::string> sockets;
            for (const auto& r : m_t)
            {
                if (r[6] == m[1])
                {
                    sockets.insert(r[1] + "/" + r[2]);
                }
            }
            return std::to_string(sockets.size());
        }
        if (std::regex_match(id, m, std::regex("sent_(RST)")))
        {
            return Count(
                [](const auto& r)
                {
                    return r[6].find("RST") != std::string::npos;
                });
        }
        if (std::regex_match(id, m, std::regex("sent_(.+)")))
        {
            std::string flags = m[1];
            return Count(
                [&flags](const auto& r)
                {
                    return r[6] == flags;
                });
        }
        if (std::regex_match(id, m, std::regex("stay_(client|server)_(\\w+)")))
        {
            auto rows = Rows(Who(m[1]));
            std::string out;
            for (std::size_t i = 0; i + 1 < rows.size(); ++i)
            {
                if (rows[i][6] == m[2])
                {
                    out += (out.empty() ? "" : " ")
                           + Num(std::stod(rows[i + 1][0]) - std::stod(rows[i][0]));
                }
            }
            return out.empty() ? "none" : out;
        }
        if (std::regex_match(id, m, std::regex("last_(client|server)")))
        {
            auto rows = Rows(Who(m[1]));
            return rows.empty() ? "none" : rows.back()[7];
        }
        if (std::regex_match(id, m, std::regex("cause_client_(\\w+_\\w+)_(SYN_RCVD)")))
        {
            for (const auto& r : Rows(m_client))
            {
                if (r[5] == "SYN_SENT" && r[6] == "SYN_RCVD")
                {
                    return r[7];
                }
            }
            return "none";
        }
        if (id == "peak_client_TIME_WAIT")
        {
            std::string node = m_client.substr(0, m_client.find('/'));
            std::vector<std::pair<double, int>> changes;
            for (const auto& r : m_t)
            {
                if (r[1] == node && r[6] == "TIME_WAIT")
                {
                    changes.emplace_back(std::stod(r[0]), 1);
                }
                if (r[1] == node && r[5] == "TIME_WAIT")
                {
                    changes.emplace_back(std::stod(r[0]), -1);
                }
            }
            std::sort(changes.begin(), changes.end());
            int now = 0;
            int peak = 0;
            for (const auto& c : changes)
            {
                now += c.second;
                peak = std::max(peak, now);
            }
            return std::to_string(peak);
        }
        if (std::regex_match(id, m, std::regex("bytes_(client|server)_(tx|rx)_(\\w+)")))
        {
            std::string who = Who(m[1]);
            auto rows = Rows(who);
            long bytes = 0;
            for (std::size_t i = 0; i < rows.size(); ++i)
            {
                if (rows[i][6] != m[3])
                {
                    continue;
                }
                double from = std::stod(rows[i][0]);
                double to = i + 1 < rows.size() ? std::stod(rows[i + 1][0]) : 1e18;
                for (const auto& s : m_s)
                {
                    double t = std::stod(s[0]);
                    if (s[1] + "/" + s[2] == who && s[5] == m[2].str() && t >= from && t <= to)
                    {
                        bytes += std::stol(s[9]);
                    }
                }
            }
            return std::to_string(bytes);
        }
        if (id == "syn_times")
        {
            std::string out;
            for (const auto& s : m_s)
            {
                if (s[1] + "/" + s[2] == m_client && s[5] == "tx" && s[6] == "SYN")
                {
                    out += (out.empty() ? "" : " ") + Num(std::stod(s[0]));
                }
            }
            return out;
        }
        return "unknown question " + id;
    }

    /// Numbers of a value, parsed, for comparing times written differently.
    static std::vector<std::string> Normal(const std::string& value)
    {
        std::vector<std::string> out;
        std::stringstream ss(value);
        std::string word;
        while (ss >> word)
        {
            char* end = nullptr;
            double d = std::strtod(word.c_str(), &end);
            out.push_back(end && *end == 0 ? Num(d) : word);
        }
        return out;
    }

  private:
    static std::string Num(double v)
    {
        char buf[48];
        std::snprintf(buf, sizeof(buf), "%.6f", v);
        return buf;
    }

    std::string Who(const std::string& role) const
    {
        return role == "client" ? m_client : m_server;
    }

    std::vector<std::vector<std::string>> Rows(const std::string& socket) const
    {
        std::vector<std::vector<std::string>> out;
        for (const auto& r : m_t)
        {
            if (!socket.empty() && r[1] + "/" + r[2] == socket)
            {
                out.push_back(r);
            }
        }
        return out;
    }

    template<typename F>
    std::string Count(F pick) const
    {
        long n = 0;
        for (const auto& s : m_s)
        {
            n += s[5] == "tx" && pick(s);
        }
        return std::to_string(n);
    }

    std::vector<std::vector<std::string>> m_t;
    std::vector<std::vector<std::string>> m_s;
    std::string m_client;
    std::string m_clientLocal;
    std::string m_clientPeer;
    std::string m_server;
};

TEST_F(Labs, AnswersAgreeWithTheCsvFiles)
{
    std::size_t checked = 0;
    static const std::regex answer("data-question=\"([^\"]*)\" data-value=\"([^\"]*)\"");
    for (const auto& r : Reports())
    {
        fs::path dir = r.parent_path();
        bool script = fs::exists(dir / "simultaneous-open.transitions.csv");
        CsvAnswers csv(dir / (script ? "simultaneous-open.transitions.csv" : "transitions.csv"),
                       dir / "segments.csv");
        std::string html = Slurp(r);
        std::size_t questions = 0;
        for (std::sregex_iterator it(html.begin(), html.end(), answer), end; it != end; ++it)
        {
            std::string id = (*it)[1];
            std::string value = (*it)[2];
            EXPECT_EQ(CsvAnswers::Normal(value), CsvAnswers::Normal(csv.Answer(id)))
                << r << ": question " << id;
            ++questions;
        }
        EXPECT_GE(questions, 3U) << r;
        checked += questions;
    }
    EXPECT_GE(checked, 60U);
}

TEST_F(Labs, TextFromTheCommandLineIsEscaped)
{
    ASSERT_EQ(Shell("cd '" + kWork.string() + "' && '" + (kBin / "tcp-fsm-lab").string()
                    + "' --connections=1 --loss=0 '--lab=<b>&\"x' --out=escaped >/dev/null"),
              0);
    std::string html = Slurp(kWork / "escaped" / "report.html");
    EXPECT_EQ(html.find("<b>&\"x"), std::string::npos);
    EXPECT_NE(html.find("&lt;b&gt;&amp;&quot;x"), std::string::npos);
}

TEST_F(Labs, ASweepWritesAReportWithItsPlotsAndConfidenceIntervals)
{
    ASSERT_EQ(Shell("cd '" + kWork.string() + "' && '" + (kBin / "tcp-fsm-sweep").string()
                    + "' --param loss=0,0.05 --runs 2 --jobs 2 --out sweep "
                      "--plot setup_time_median_s:loss -- --connections=1 --bytes=2000 "
                      ">/dev/null 2>&1"),
              0);
    std::string html = Slurp(kWork / "sweep" / "report.html");
    ASSERT_FALSE(html.empty());
    EXPECT_NE(html.find("<td class=\"n\">2</td>"), std::string::npos); // runs per point
    EXPECT_NE(html.find("&#177;"), std::string::npos);                 // mean +- CI
    EXPECT_NE(html.find("<a href=\"aggregate.csv\">"), std::string::npos);
    if (fs::exists(kWork / "sweep" / "plots" / "setup_time_median_s-vs-loss.svg"))
    {
        EXPECT_NE(html.find("<svg"), std::string::npos); // the plot, inlined
        EXPECT_EQ(html.find("<?xml"), std::string::npos);
    }
}

} // namespace
