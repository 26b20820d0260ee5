/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_FSM_SWEEP_GRID_H
#define TCP_FSM_SWEEP_GRID_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-fsm
 * \brief One swept parameter of tcp-fsm-sweep: a lab option ("loss") or an attribute path
 * ("ns3::TcpFsmSocket::Msl"), and the values it takes, in the order given.
 */
struct TcpFsmSweepParam
{
    std::string name;                ///< without the leading "--"
    std::vector<std::string> values; ///< each becomes --name=value for the lab
};

/**
 * \ingroup tcp-fsm
 * \brief One grid point: a value for each parameter (in parameter order) and its id.
 */
struct TcpFsmSweepPoint
{
    std::vector<std::string> values; ///< one per parameter
    std::string id;                  ///< TcpFsmSweepGrid::PointId of the values
};

/**
 * \ingroup tcp-fsm
 * \brief The grid of a sweep: parsing "--param NAME=V1,V2,...", expansion into points, and the
 * point ids that name the points' directories.
 *
 * A point id is readable, safe as one file name and decodable without the command line:
 * "NAME=VALUE" pairs joined by ",", in parameter order, with "::" of an attribute path
 * written "." and every byte of a value outside [A-Za-z0-9._+-] written %XX, e.g.
 * "loss=0.05,ns3.TcpFsmSocket.Msl=30s".
 */
class TcpFsmSweepGrid
{
  public:
    /// The longest point id accepted (a file name is at most 255 bytes).
    static constexpr std::size_t MAX_ID_LENGTH = 200;
    /// The most points a grid may have (each is at least one run of the lab; a larger grid
    /// would only exhaust memory expanding it).
    static constexpr std::size_t MAX_POINTS = 10000;

    /**
     * Parse "NAME=V1,V2,..." into \p out. On error, returns false and sets \p error to a
     * message naming the problem (not the option: the caller adds "--param").
     */
    static bool ParseParam(const std::string& spec, TcpFsmSweepParam& out, std::string& error);
    /// A lab option name ([A-Za-z0-9][A-Za-z0-9_-]*) or an attribute path (ns3::Type::Attr).
    static bool IsValidName(const std::string& name);

    /// Add a parameter; false (and \p error) when its name is already swept or the grid
    /// would have more than MAX_POINTS points.
    bool Add(TcpFsmSweepParam param, std::string& error);
    /// The parameters, in the order added.
    const std::vector<TcpFsmSweepParam>& Params() const;
    /// The parameters' names.
    std::vector<std::string> Names() const;
    /// Every combination of values, the first parameter varying slowest.
    std::vector<TcpFsmSweepPoint> Expand() const;
    /// Check that every point id fits MAX_ID_LENGTH; false and \p error otherwise.
    bool CheckIds(std::string& error) const;

    /// The id of the point with these values of these parameters.
    static std::string PointId(const std::vector<std::string>& names,
                               const std::vector<std::string>& values);
    /// Decode a point id into (name, value) pairs; false when it is not one.
    static bool DecodePointId(const std::string& id,
                              std::vector<std::pair<std::string, std::string>>& out);
    /// A parameter name as a file-name component: "ns3::TcpFsmSocket::Msl" ->
    /// "ns3.TcpFsmSocket.Msl".
    static std::string NameForFile(const std::string& name);

  private:
    std::vector<TcpFsmSweepParam> m_params;
};

/**
 * \ingroup tcp-fsm
 * \brief How a parameter's values can be put on an axis.
 */
struct TcpFsmSweepAxis
{
    enum class Kind
    {
        NUMBER, ///< plain numbers
        TIME,   ///< times (plain numbers or with s, ms, us, ns, min, h): seconds
        RATE,   ///< data rates (bps, kbps, Mbps, Gbps): bit/s
        TEXT,   ///< anything else: categories, in the order given
    };

    Kind kind{Kind::TEXT};
    std::vector<double> numbers; ///< one per value (not for TEXT)

    /// Classify \p values: the first kind that every value parses as.
    static TcpFsmSweepAxis Of(const std::vector<std::string>& values);
    /// The unit to append to an axis label ("" for NUMBER and TEXT).
    std::string Unit() const;
    /// \p values in natural order: by number when they share a numeric kind, else as text.
    static std::vector<std::string> Sorted(std::vector<std::string> values);
};

/**
 * \ingroup tcp-fsm
 * \brief Where a run of a sweep keeps its files, under the sweep's directory.
 *
 * DIR/runs/POINT-ID/run-R/ is the lab's --out (created by the lab; summary.json inside),
 * DIR/runs/POINT-ID/run-R.log its standard error, run-R.out its standard output and
 * run-R.FAILED the marker of a failed run ("exit_status=N").
 */
struct TcpFsmSweepRunFiles
{
    std::string pointDir; ///< DIR/runs/POINT-ID
    std::string runName;  ///< run-R
    std::string runDir;   ///< DIR/runs/POINT-ID/run-R
    std::string summary;  ///< .../run-R/summary.json
    std::string log;      ///< .../run-R.log
    std::string out;      ///< .../run-R.out
    std::string failed;   ///< .../run-R.FAILED

    static TcpFsmSweepRunFiles Of(const std::string& sweepDir,
                                  const std::string& pointId,
                                  uint32_t run);
};

/// Quote \p word for a POSIX shell (unchanged when it needs no quoting).
std::string TcpFsmShellQuote(const std::string& word);

} // namespace ns3

#endif /* TCP_FSM_SWEEP_GRID_H */
