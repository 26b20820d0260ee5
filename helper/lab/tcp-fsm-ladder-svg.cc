/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SVG of a ladder diagram: folding runs of data segments into bands, and a layout that
 * pushes rows down until no two labels overlap.
 */
#include "ns3/tcp-fsm-ladder.h"
#include "ns3/tcp-header.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ns3
{

namespace
{

// Layout of the SVG, in pixels. Labels get a white halo (a stroke painted under the text),
// so that the arrows they cross do not strike them through.
constexpr double kWidth = 920;
constexpr double kLeftAxis = 310;
constexpr double kRightAxis = 690;
constexpr double kTop = 110;
constexpr double kDelayPx = 40;     ///< one-way delay drawn this tall
constexpr double kMinGap = 14;      ///< between two distinct instants
constexpr double kMaxGap = 120;     ///< longer gaps are compressed ...
constexpr double kBreakGap = 44;    ///< ... to this, and marked
constexpr double kBandPx = 90;      ///< a band is at most this tall ...
constexpr double kBandMinPx = 52;   ///< ... and at least this tall
constexpr double kLostShare = 0.45; ///< a lost segment's arrow stops here
constexpr double kLabelGap = 6;     ///< between an axis and an arrow's label
constexpr double kCharEm = 0.6;     ///< advance of a monospace character, in em
constexpr double kAscentEm = 0.8;   ///< text box above the baseline, in em
constexpr double kDescentEm = 0.25; ///< text box below the baseline, in em

/// "%.1f" without printf's cost: a report writes tens of thousands of coordinates. Rounds
/// to the nearest tenth (printf may differ by 0.1 on values within 1e-15 of a half tenth).
std::string
Num(double v)
{
    if (!std::isfinite(v) || std::fabs(v) >= 1e15)
    {
        char buf[400];
        std::snprintf(buf, sizeof(buf), "%.1f", v);
        return buf;
    }
    auto tenths = static_cast<unsigned long long>(std::llround(std::fabs(v) * 10));
    char buf[32];
    char* p = buf;
    if (std::signbit(v))
    {
        *p++ = '-';
    }
    p = std::to_chars(p, buf + sizeof(buf) - 2, tenths / 10).ptr;
    *p++ = '.';
    *p++ = static_cast<char>('0' + tenths % 10);
    return std::string(buf, p);
}

/// Seconds with 6 decimals for the time column.
std::string
Seconds6(Time t)
{
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof(buf), t.GetSeconds(), std::chars_format::fixed, 6);
    return std::string(buf, r.ptr);
}

/// "239.9 s", "12.5 ms".
std::string
Span(Time t)
{
    char buf[32];
    double s = t.GetSeconds();
    if (s >= 1)
    {
        std::snprintf(buf, sizeof(buf), "%.4g s", s);
    }
    else
    {
        std::snprintf(buf, sizeof(buf), "%.4g ms", s * 1e3);
    }
    return buf;
}

/// Characters (UTF-8 code points) of a text.
std::size_t
Chars(const std::string& s)
{
    return static_cast<std::size_t>(std::count_if(s.begin(),
                                                  s.end(),
                                                  [](char c)
                                                  {
                                                      return (c & 0xC0) != 0x80;
                                                  }));
}

/// The SVG is built in memory and written at once: appending to a string costs a fraction of
/// an ostream insertion per piece, and a report writes hundreds of thousands of pieces.
struct SvgText
{
    std::string s;

    SvgText& operator<<(std::string_view v)
    {
        s.append(v);
        return *this;
    }

    template<typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
    SvgText& operator<<(T v)
    {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof(buf), v);
        s.append(buf, r.ptr);
        return *this;
    }
};

/// One label of the diagram, placed relative to its row.
struct Label
{
    std::size_t row{0};
    double x{0};
    double dy{0}; ///< baseline below the row's y
    double size{10};
    const char* anchor{"start"};
    std::string plain;  ///< the text, for its width
    std::string markup; ///< what is written inside <text>
    const char* cls{""};
    const char* fill{"#000"};

    double width{0}; ///< set by Measure()
    double x0{0};    ///< left edge, set by Measure()

    void Measure()
    {
        width = kCharEm * size * static_cast<double>(Chars(plain));
        std::string a(anchor);
        x0 = a == "start" ? x : a == "end" ? x - width : x - width / 2;
    }

    double Top() const
    {
        return dy - kAscentEm * size;
    }

    double Bottom() const
    {
        return dy + kDescentEm * size;
    }
};

bool
IsPureAck(uint8_t flags)
{
    return flags == TcpHeader::ACK;
}

bool
IsPlainData(uint8_t flags)
{
    return (flags & ~(TcpHeader::ACK | TcpHeader::PSH)) == 0;
}

} // namespace

std::string
TcpFsmXmlEscape(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

void
TcpFsmLadder::SetInline(const std::string& idPrefix)
{
    m_inline = true;
    m_idPrefix = idPrefix;
}

void
TcpFsmLadder::SetFold(bool fold)
{
    m_fold = fold;
}

std::vector<TcpFsmLadder::Band>
TcpFsmLadder::GetBands() const
{
    std::vector<Band> bands;
    if (!m_fold)
    {
        return bands;
    }
    // What may fold: in-order data not lost, pure ACKs not lost that do not acknowledge a FIN.
    enum class Kind
    {
        OTHER,
        DATA,
        ACK
    };

    std::vector<Kind> kinds(m_arrows.size(), Kind::OTHER);
    uint32_t maxEnd[2] = {0, 0};
    bool dataSeen[2] = {false, false};
    bool finSent[2] = {false, false};
    uint32_t finEnd[2] = {0, 0}; ///< sequence number after the FIN
    for (std::size_t i = 0; i < m_arrows.size(); ++i)
    {
        const Arrow& a = m_arrows[i];
        int side = a.fromLeft ? 0 : 1;
        bool usable = !a.lost && !a.senderUnknown;
        if (a.length > 0)
        {
            bool retransmitted = dataSeen[side] && a.seq < maxEnd[side];
            if (usable && !retransmitted && IsPlainData(a.flags))
            {
                kinds[i] = Kind::DATA;
            }
            maxEnd[side] = std::max(maxEnd[side], a.seq + a.length);
            dataSeen[side] = true;
        }
        else if (usable && IsPureAck(a.flags) && !(finSent[1 - side] && a.ack >= finEnd[1 - side]))
        {
            kinds[i] = Kind::ACK;
        }
        if (a.flags & TcpHeader::FIN)
        {
            finSent[side] = true;
            finEnd[side] = a.seq + a.length + 1;
        }
    }
    std::size_t i = 0;
    while (i < m_arrows.size())
    {
        if (kinds[i] != Kind::DATA)
        {
            ++i;
            continue;
        }
        Band b;
        b.fromLeft = m_arrows[i].fromLeft;
        b.first = i;
        b.firstByte = m_arrows[i].seq;
        b.start = m_arrows[i].sent;
        std::size_t j = i;
        for (; j < m_arrows.size(); ++j)
        {
            const Arrow& a = m_arrows[j];
            if (kinds[j] == Kind::DATA && a.fromLeft == b.fromLeft)
            {
                b.segments++;
                b.endByte = std::max(b.endByte, a.seq + a.length);
                b.end = std::max(b.end, a.received);
            }
            else if (kinds[j] == Kind::ACK && a.fromLeft != b.fromLeft)
            {
                b.acks++;
            }
            else
            {
                break;
            }
            b.last = j;
        }
        if (b.segments >= 2)
        {
            bands.push_back(b);
        }
        i = b.segments >= 2 ? j : i + 1;
    }
    return bands;
}

void
TcpFsmLadder::WriteSvg(std::ostream& sink) const
{
    SvgText os;
    os.s.reserve(16384);
    const std::vector<Band> bands = GetBands();
    std::vector<int> bandOf(m_arrows.size(), -1);
    for (std::size_t b = 0; b < bands.size(); ++b)
    {
        for (std::size_t i = bands[b].first; i <= bands[b].last; ++i)
        {
            bandOf[i] = static_cast<int>(b);
        }
    }
    // Rows: (time, n): every instant something happens; each segment sent (and each band)
    // starts a row of its own, so that labels sent at one instant stack.
    std::map<std::pair<Time, int>, std::size_t> rowIndex;
    std::map<Time, int> sends;
    std::vector<std::pair<Time, int>> rowKeys;
    auto addInstant = [&](Time t)
    {
        rowKeys.emplace_back(t, 0);
    };
    auto addSend = [&](Time t)
    {
        int n = sends[t]++;
        rowKeys.emplace_back(t, n);
        return n;
    };
    std::vector<int> sendSub(m_arrows.size(), 0);
    std::vector<int> bandSub(bands.size(), 0);
    std::vector<Time> bandFirstRx(bands.size(), Time::Max());
    std::vector<Time> bandLastTx(bands.size(), Time(0));
    for (std::size_t i = 0; i < m_arrows.size(); ++i)
    {
        const Arrow& a = m_arrows[i];
        if (bandOf[i] >= 0)
        {
            auto b = static_cast<std::size_t>(bandOf[i]);
            if (i == bands[b].first)
            {
                bandSub[b] = addSend(a.sent);
            }
            if (a.fromLeft == bands[b].fromLeft)
            {
                bandFirstRx[b] = std::min(bandFirstRx[b], a.received);
                bandLastTx[b] = std::max(bandLastTx[b], a.sent);
            }
            continue;
        }
        sendSub[i] = addSend(a.sent);
        addInstant(a.received);
    }
    for (std::size_t b = 0; b < bands.size(); ++b)
    {
        addInstant(bandFirstRx[b]);
        addInstant(bandLastTx[b]);
        addInstant(bands[b].end);
    }
    for (const auto& s : m_states)
    {
        addInstant(s.time);
    }
    std::sort(rowKeys.begin(), rowKeys.end());
    rowKeys.erase(std::unique(rowKeys.begin(), rowKeys.end()), rowKeys.end());
    for (std::size_t r = 0; r < rowKeys.size(); ++r)
    {
        rowIndex[rowKeys[r]] = r;
    }
    auto rowOf = [&rowIndex](Time t, int n = 0)
    {
        return rowIndex.at({t, n});
    };

    // Natural gaps: elapsed time at kDelayPx per one-way delay, squeezed inside a band,
    // long idle gaps compressed and marked.
    const double pxPerSecond = kDelayPx / m_delay.GetSeconds();
    std::vector<double> gap(rowKeys.size(), 0);
    std::vector<bool> broken(rowKeys.size(), false);
    for (std::size_t r = 1; r < rowKeys.size(); ++r)
    {
        Time t0 = rowKeys[r - 1].first;
        Time t1 = rowKeys[r].first;
        if (t0 == t1)
        {
            continue;
        }
        double px = (t1 - t0).GetSeconds() * pxPerSecond;
        for (const Band& b : bands)
        {
            if (t0 >= b.start && t1 <= b.end)
            {
                double full = (b.end - b.start).GetSeconds() * pxPerSecond;
                px *= std::min(1.0, kBandPx / std::max(full, 1.0));
            }
        }
        if (px > kMaxGap)
        {
            broken[r] = true;
            px = kBreakGap;
        }
        gap[r] = std::max(px, kMinGap);
    }

    // Labels, each tied to a row.
    std::vector<Label> labels;
    labels.reserve(rowKeys.size() + m_arrows.size() + 2 * bands.size() + m_states.size());
    for (std::size_t r = 0; r < rowKeys.size(); ++r)
    {
        if (rowKeys[r].second == 0 && (r == 0 || rowKeys[r - 1].first != rowKeys[r].first))
        {
            Label l;
            l.row = r;
            l.x = 8;
            l.dy = 3;
            l.size = 9;
            l.plain = Seconds6(rowKeys[r].first);
            l.markup = l.plain;
            l.cls = "time";
            l.fill = "#888";
            labels.push_back(std::move(l));
        }
        if (broken[r])
        {
            Label l;
            l.row = r;
            l.x = kWidth / 2;
            l.dy = -kBreakGap / 2 + 4;
            l.anchor = "middle";
            l.plain = "... " + Span(rowKeys[r].first - rowKeys[r - 1].first) + " later ...";
            l.markup = TcpFsmXmlEscape(l.plain);
            l.cls = "break";
            l.fill = "#666";
            labels.push_back(std::move(l));
        }
    }
    for (std::size_t i = 0; i < m_arrows.size(); ++i)
    {
        const Arrow& a = m_arrows[i];
        if (bandOf[i] >= 0)
        {
            continue;
        }
        Label l;
        l.row = rowOf(a.sent, sendSub[i]);
        l.x = a.fromLeft ? kLeftAxis + kLabelGap : kRightAxis - kLabelGap;
        l.dy = -4;
        l.anchor = a.fromLeft ? "start" : "end";
        l.plain = a.label + (a.lost ? " (lost)" : "");
        l.markup = TcpFsmXmlEscape(l.plain);
        l.cls = "seg";
        l.fill = a.lost ? "#c62828" : a.senderUnknown ? "#888" : "#000";
        labels.push_back(std::move(l));
    }
    for (std::size_t b = 0; b < bands.size(); ++b)
    {
        const Band& band = bands[b];
        const char* arrow = band.fromLeft ? " ->" : " <-";
        const char* back = band.fromLeft ? " <-" : " ->";
        std::string lines[2] = {
            std::to_string(band.segments) + " data segments" + arrow + " bytes "
                + std::to_string(band.firstByte) + "-" + std::to_string(band.endByte - 1),
            std::to_string(band.endByte - band.firstByte) + " B, " + std::to_string(band.acks)
                + " ACKs" + back + ", " + Span(band.end - band.start),
        };
        for (int k = 0; k < 2; ++k)
        {
            Label l;
            l.row = rowOf(band.start, bandSub[b]);
            l.x = (kLeftAxis + kRightAxis) / 2;
            l.dy = 26 + 13 * k;
            l.anchor = "middle";
            l.plain = lines[k];
            l.markup = TcpFsmXmlEscape(l.plain);
            l.cls = "band";
            l.fill = "#0d47a1";
            labels.push_back(std::move(l));
        }
    }
    std::map<std::pair<bool, std::size_t>, int> stacked; // several changes at one instant
    for (const StateMark& s : m_states)
    {
        Label l;
        l.row = rowOf(s.time);
        int n = stacked[{s.left, l.row}]++;
        l.x = s.left ? kLeftAxis - 10 : kRightAxis + 10;
        l.dy = 4 + 13 * n;
        l.size = 11;
        l.anchor = s.left ? "end" : "start";
        std::string name = TcpFsmStateName(s.state);
        std::string cause = "<tspan fill=\"#777\">" + TcpFsmXmlEscape(s.cause) + "</tspan>";
        std::string bold = "<tspan font-weight=\"bold\" fill=\"#1f5fbf\">" + name + "</tspan>";
        if (s.cause.empty())
        {
            l.plain = name;
            l.markup = bold;
        }
        else
        {
            l.plain = s.left ? s.cause + " " + name : name + " " + s.cause;
            l.markup = s.left ? cause + " " + bold : bold + " " + cause;
        }
        l.cls = "state";
        labels.push_back(std::move(l));
    }

    // Place the rows top down: each at its natural distance from the one before, then lower
    // until none of its labels overlaps a label placed before (1 px apart).
    std::vector<std::vector<std::size_t>> labelsOf(rowKeys.size());
    for (std::size_t k = 0; k < labels.size(); ++k)
    {
        labels[k].Measure();
        labelsOf[labels[k].row].push_back(k);
    }
    std::vector<double> ys(rowKeys.size(), kTop);
    std::vector<std::size_t> placed;
    for (std::size_t r = 0; r < rowKeys.size(); ++r)
    {
        double y = r == 0 ? kTop : ys[r - 1] + gap[r];
        for (std::size_t b = 0; b < bands.size(); ++b)
        {
            if (rowKeys[r].first == bands[b].end && rowKeys[r].second == 0)
            {
                y = std::max(y, ys[rowOf(bands[b].start, bandSub[b])] + kBandMinPx);
            }
        }
        bool moved = true;
        while (moved)
        {
            moved = false;
            for (std::size_t k : labelsOf[r])
            {
                const Label& l = labels[k];
                for (auto it = placed.rbegin(); it != placed.rend(); ++it)
                {
                    const Label& p = labels[*it];
                    double pTop = ys[p.row] + p.Top();
                    double pBottom = ys[p.row] + p.Bottom();
                    if (pBottom + 200 < y)
                    {
                        break; // placed in row order: everything before is far above
                    }
                    bool across = l.x0 < p.x0 + p.width && p.x0 < l.x0 + l.width;
                    // Moved a little further than the test needs: rounding must not find
                    // the same overlap again.
                    double clear = pBottom + 1.001 - l.Top();
                    if (across && y + l.Top() < pBottom + 1 && pTop < y + l.Bottom() + 1
                        && clear > y)
                    {
                        y = clear;
                        moved = true;
                    }
                }
            }
        }
        ys[r] = y;
        for (std::size_t k : labelsOf[r])
        {
            placed.push_back(k);
        }
    }
    auto yOf = [&](Time t, int n = 0)
    {
        return ys[rowOf(t, n)];
    };
    double bottom = (ys.empty() ? kTop : ys.back()) + 40;
    double height = bottom + 56;

    os << (m_inline ? "" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
       << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << Num(kWidth) << "\" height=\""
       << Num(height) << "\" viewBox=\"0 0 " << Num(kWidth) << " " << Num(height)
       << "\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\">\n"
       << "<defs>\n";
    for (auto [id, colour] : {std::make_pair("head", "#000"),
                              std::make_pair("head-grey", "#888"),
                              std::make_pair("head-red", "#c62828")})
    {
        os << "<marker id=\"" << m_idPrefix << id
           << "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
           << "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
           << "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"" << colour << "\"/></marker>\n";
    }
    os << "</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    os << "<text class=\"title\" x=\"" << Num(kWidth / 2)
       << "\" y=\"24\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">"
       << "tcp-fsm ladder: " << TcpFsmXmlEscape(m_left.local) << " &lt;-&gt; "
       << TcpFsmXmlEscape(m_right.local) << "</text>\n";
    for (bool left : {true, false})
    {
        double x = left ? kLeftAxis : kRightAxis;
        os << "<text class=\"head\" x=\"" << Num(x)
           << "\" y=\"62\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">"
           << (m_rolesKnown ? (left ? "active opener" : "passive opener")
                            : (left ? "end A" : "end B"))
           << "</text>\n"
           << "<text class=\"head\" x=\"" << Num(x)
           << "\" y=\"80\" text-anchor=\"middle\" font-size=\"10\">"
           << TcpFsmXmlEscape(EndName(left)) << "</text>\n"
           << "<line x1=\"" << Num(x) << "\" y1=\"" << Num(kTop - 15) << "\" x2=\"" << Num(x)
           << "\" y2=\"" << Num(bottom) << "\" stroke=\"#444\" stroke-width=\"2\"/>\n";
    }
    os << "<text class=\"head\" x=\"8\" y=\"" << Num(kTop - 24)
       << "\" font-size=\"10\" fill=\"#666\">time (s)</text>\n";
    for (std::size_t r = 1; r < rowKeys.size(); ++r)
    {
        if (!broken[r])
        {
            continue;
        }
        double mid = ys[r] - kBreakGap / 2;
        for (double x : {kLeftAxis, kRightAxis})
        {
            os << "<rect x=\"" << Num(x - 6) << "\" y=\"" << Num(mid - 5)
               << "\" width=\"12\" height=\"10\" fill=\"white\"/>"
               << "<path d=\"M" << Num(x - 7) << "," << Num(mid - 2) << " l14,-5 M" << Num(x - 7)
               << "," << Num(mid + 5) << " l14,-5\" stroke=\"#444\"/>\n";
        }
    }
    for (std::size_t b = 0; b < bands.size(); ++b)
    {
        const Band& band = bands[b];
        double xs = band.fromLeft ? kLeftAxis : kRightAxis;
        double xr = band.fromLeft ? kRightAxis : kLeftAxis;
        os << "<polygon class=\"band\" points=\"" << Num(xs) << ","
           << Num(yOf(band.start, bandSub[b])) << " " << Num(xr) << "," << Num(yOf(bandFirstRx[b]))
           << " " << Num(xr) << "," << Num(yOf(band.end)) << " " << Num(xs) << ","
           << Num(yOf(bandLastTx[b]))
           << "\" fill=\"#bbdefb\" fill-opacity=\"0.6\" stroke=\"#1565c0\"/>\n";
    }
    for (std::size_t i = 0; i < m_arrows.size(); ++i)
    {
        const Arrow& a = m_arrows[i];
        if (bandOf[i] >= 0)
        {
            continue;
        }
        double x1 = a.fromLeft ? kLeftAxis : kRightAxis;
        double x2 = a.fromLeft ? kRightAxis : kLeftAxis;
        double y1 = yOf(a.sent, sendSub[i]);
        double y2 = yOf(a.received);
        double share = a.lost ? kLostShare : 1.0;
        double ex = x1 + (x2 - x1) * share;
        double ey = y1 + (y2 - y1) * share;
        const char* colour = a.lost ? "#c62828" : a.senderUnknown ? "#888" : "#000";
        const char* head = a.lost ? "" : a.senderUnknown ? "head-grey" : "head";
        os << "<line x1=\"" << Num(x1) << "\" y1=\"" << Num(y1) << "\" x2=\"" << Num(ex)
           << "\" y2=\"" << Num(ey) << "\" stroke=\"" << colour << "\" stroke-width=\"1.3\"";
        if (a.senderUnknown)
        {
            os << " stroke-dasharray=\"5,3\"";
        }
        if (*head)
        {
            os << " marker-end=\"url(#" << m_idPrefix << head << ")\"";
        }
        os << "/>\n";
        if (a.lost)
        {
            os << "<path d=\"M" << Num(ex - 5) << "," << Num(ey - 5) << " l10,10 m0,-10 l-10,10\" "
               << "stroke=\"#c62828\" stroke-width=\"2\"/>\n";
        }
    }
    for (const StateMark& s : m_states)
    {
        os << "<circle cx=\"" << Num(s.left ? kLeftAxis : kRightAxis) << "\" cy=\""
           << Num(yOf(s.time)) << "\" r=\"3.5\" fill=\"#1f5fbf\"/>\n";
    }
    for (const Label& l : labels)
    {
        os << "<text class=\"" << l.cls << "\" x=\"" << Num(l.x) << "\" y=\""
           << Num(ys[l.row] + l.dy) << "\" text-anchor=\"" << l.anchor << "\" font-size=\""
           << Num(l.size) << "\" fill=\"" << l.fill
           << "\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">" << l.markup
           << "</text>\n";
    }
    const char* notes[] = {
        "seq/ack relative to each end's ISN; red arrows stopping at a cross: sent, never",
        "received; dashed grey: received, not in the sender's trace; blue bands: data folded",
    };
    for (int k = 0; k < 2; ++k)
    {
        os << "<text class=\"note\" x=\"" << Num(kWidth / 2) << "\" y=\""
           << Num(height - 30 + 14 * k) << "\" text-anchor=\"middle\" font-size=\"10\" "
           << "fill=\"#666\">" << TcpFsmXmlEscape(notes[k]) << "</text>\n";
    }
    os << "</svg>\n";
    sink.write(os.s.data(), static_cast<std::streamsize>(os.s.size()));
}

} // namespace ns3
