/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-soak: many seeds of connection churn and bulk transfers in both directions
 * through impaired links (loss random and bursty, corruption with checksums on,
 * duplication, reordering and jitter, the link down in the middle of handshakes and
 * closes), with a data-integrity oracle: every byte an application reads is compared with
 * what the other application wrote (see helper/soak/tcp-fsm-soak.cc).
 *
 *   tcp-fsm-soak --seeds=100 --jobs=2 [--first-seed=1] [--connections=100] [--bytes=20000]
 *
 * --jobs processes run seeds in parallel (seed first-seed + i goes to process i % jobs).
 * Output: one line per failure (seed, connection, what), then one summary line of
 * key=value pairs (seeds, connections, completed, errors, bytes_checked, lost, duplicated,
 * reordered, corrupted, stuck, failures, what the links did, heap figures). Exit status 0
 * when failures=0, 1 otherwise, 2 on a bad option (the option named).
 */
#include "ns3/tcp-fsm-soak.h"

#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/global-value.h"
#include "ns3/tcp-fsm-cli.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <sys/wait.h>
#include <vector>

using namespace ns3;

namespace
{

/// Bytes the heap holds (malloc's own count, not the pages the process keeps).
uint64_t
HeapInUse()
{
    return mallinfo2().uordblks;
}

/// Run the worker's seeds; the totals as TcpFsmSoakResult::Line() plus heap figures, and
/// the failure notes, written to fd.
void
Worker(uint64_t first,
       uint64_t count,
       uint32_t job,
       uint32_t jobs,
       const TcpFsmSoakConfig& cfg,
       int fd)
{
    TcpFsmSoakResult total;
    std::vector<uint64_t> heap; // after each seed
    for (uint64_t i = job; i < count; i += jobs)
    {
        total.Add(TcpFsmSoakRunSeed(first + i, cfg));
        heap.push_back(HeapInUse());
    }
    // The baseline: the heap after the first half of the seeds (ns-3's singletons and free
    // lists, and the allocator's caches, have grown to their size by then).
    const uint64_t baseline = heap.empty() ? 0 : heap[(heap.size() - 1) / 2];
    const uint64_t peak = heap.empty() ? 0 : *std::max_element(heap.begin(), heap.end());
    std::string out;
    for (const auto& n : total.notes)
    {
        out += "note " + n + "\n";
    }
    const uint64_t end = HeapInUse();
    out += "result " + total.Line() + " heap_baseline_kb=" + std::to_string(baseline / 1024)
           + " heap_end_kb=" + std::to_string(end / 1024)
           + " heap_peak_kb=" + std::to_string(peak / 1024) + "\n";
    for (std::size_t at = 0; at < out.size();)
    {
        const ssize_t w = write(fd, out.data() + at, out.size() - at);
        if (w <= 0)
        {
            break;
        }
        at += std::size_t(w);
    }
}

} // namespace

int
main(int argc, char** argv)
{
    TcpFsmCli cli("tcp-fsm-soak");
    cli.Declare("seeds", TcpFsmCli::Kind::UINT);
    cli.Declare("first-seed", TcpFsmCli::Kind::UINT);
    cli.Declare("jobs", TcpFsmCli::Kind::UINT);
    cli.Declare("connections", TcpFsmCli::Kind::UINT);
    cli.Declare("bytes", TcpFsmCli::Kind::UINT);
    cli.Check(argc, argv);

    uint64_t seeds = 10;
    uint64_t firstSeed = 1;
    uint32_t jobs = 1;
    TcpFsmSoakConfig cfg;
    CommandLine cmd(__FILE__);
    cmd.Usage("Connection churn and bulk transfers through impaired links, every byte checked.");
    cmd.AddValue("seeds", "number of seeds (simulations) to run", seeds);
    cmd.AddValue("first-seed", "the first seed (ns-3 run number)", firstSeed);
    cmd.AddValue("jobs", "processes running seeds in parallel", jobs);
    cmd.AddValue("connections", "connections per seed", cfg.connections);
    cmd.AddValue("bytes", "each direction of a connection writes 0..bytes bytes", cfg.maxBytes);
    cmd.Parse(argc, argv);
    if (seeds < 1)
    {
        cli.Fail("--seeds must be at least 1");
    }
    if (jobs < 1 || jobs > 256)
    {
        cli.Fail("--jobs=" + std::to_string(jobs) + " must be 1..256");
    }
    if (cfg.connections < 1 || cfg.connections > 20000)
    {
        cli.Fail("--connections=" + std::to_string(cfg.connections) + " must be 1..20000");
    }
    if (firstSeed < 1)
    {
        cli.Fail("--first-seed must be at least 1");
    }
    // Checksums on: a corrupted segment must be refused by the receiver's TCP.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    jobs = uint32_t(std::min<uint64_t>(jobs, seeds));
    std::vector<std::pair<pid_t, int>> workers;
    for (uint32_t j = 0; j < jobs; ++j)
    {
        int fds[2];
        if (pipe(fds) != 0)
        {
            std::perror("tcp-fsm-soak: pipe");
            return 1;
        }
        const pid_t pid = fork();
        if (pid < 0)
        {
            std::perror("tcp-fsm-soak: fork");
            return 1;
        }
        if (pid == 0)
        {
            close(fds[0]);
            Worker(firstSeed, seeds, j, jobs, cfg, fds[1]);
            close(fds[1]);
            _exit(0);
        }
        close(fds[1]);
        workers.emplace_back(pid, fds[0]);
    }

    TcpFsmSoakResult total;
    uint64_t heapGrowthKb = 0;
    std::string heapText;
    for (uint32_t j = 0; j < workers.size(); ++j)
    {
        const auto [pid, fd] = workers[j];
        std::string text;
        char buf[4096];
        ssize_t n;
        while ((n = read(fd, buf, sizeof(buf))) > 0)
        {
            text.append(buf, std::size_t(n));
        }
        close(fd);
        int status = 0;
        waitpid(pid, &status, 0);
        bool gotResult = false;
        std::size_t at = 0;
        while (at < text.size())
        {
            const std::size_t nl = text.find('\n', at);
            const std::string line = text.substr(at, nl == std::string::npos ? nl : nl - at);
            at = nl == std::string::npos ? text.size() : nl + 1;
            if (line.rfind("note ", 0) == 0)
            {
                std::cout << "FAIL " << line.substr(5) << "\n";
            }
            else if (line.rfind("result ", 0) == 0)
            {
                TcpFsmSoakResult r;
                gotResult = TcpFsmSoakResult::FromLine(line.substr(7), r);
                total.Add(r);
                // heap figures: the last three words
                const std::size_t b = line.find(" heap_baseline_kb=");
                if (b != std::string::npos)
                {
                    unsigned long long base = 0, end = 0, peak = 0;
                    if (std::sscanf(line.c_str() + b,
                                    " heap_baseline_kb=%llu heap_end_kb=%llu heap_peak_kb=%llu",
                                    &base,
                                    &end,
                                    &peak)
                        == 3)
                    {
                        heapGrowthKb
                            = std::max<uint64_t>(heapGrowthKb, end > base ? end - base : 0);
                        heapText += " job" + std::to_string(j) + "_heap_kb=" + std::to_string(base)
                                    + "/" + std::to_string(end) + "/" + std::to_string(peak);
                    }
                }
            }
        }
        if (!gotResult || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        {
            ++total.failures;
            std::cout << "FAIL worker " << j << " (seeds " << firstSeed + j << ", "
                      << firstSeed + j + jobs << ", ...) died"
                      << (WIFSIGNALED(status) ? " of signal " + std::to_string(WTERMSIG(status))
                                              : std::string(""))
                      << "\n";
        }
    }
    // Memory must come back: from the middle of the run to its end the heap stays where it
    // was (1 MiB slack for allocator caches); a leak grows with every seed.
    const bool heapBack = heapGrowthKb <= 1024;
    if (!heapBack)
    {
        ++total.failures;
        std::cout << "FAIL the heap grew by " << heapGrowthKb << " KiB over the run\n";
    }
    std::cout << total.Line() << " heap_growth_kb=" << heapGrowthKb << heapText << std::endl;
    return total.failures == 0 ? 0 : 1;
}
