/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp-fsm-sweep's runs made elsewhere, against the stand-in lab (test/sweep/fake-lab.py):
 * --emit-jobs lines run by sh and by GNU parallel, the --emit-slurm array script, the shell
 * quoting of the job lines, and --collect gathering their results into the same CSV files
 * as a sweep that ran its runs itself.
 */
#include "tcp-fsm-sweep-run-fixture.h"

using namespace ns3::test;

TEST_F(SweepFakeLab, EmittedJobsRunBySh)
{
    const auto crash = std::vector<std::string>{"--", "--crash-run=2", "--crash-loss=0.05"};
    const std::string normal = m_dir + "/normal";
    ASSERT_EQ(Exec(Plus(Grid(normal), crash)).code, 1);

    const std::string out = m_dir + "/emitted";
    const std::string jobs = m_dir + "/jobs.txt";
    Result r = Exec(Plus(Plus(Grid(out), {"--emit-jobs", jobs}),
                         {"--", "--crash-run=2", "--crash-loss=0.05", "--counter=" + m_counter}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(Launches(), 0u); // nothing runs
    auto lines = Lines(ReadFile(jobs));
    ASSERT_EQ(lines.size(), 8u);
    int ok = 0;
    int crashed = 0;
    for (const auto& line : lines)
    {
        EXPECT_EQ(line.rfind("sh -c '", 0), 0u) << line;
        EXPECT_NE(line.find(m_lab + " "), std::string::npos) << line; // absolute lab path
        EXPECT_NE(line.find(" --out=" + out + "/runs/"), std::string::npos) << line;
        int code = Exec({"/bin/sh", "-c", line}).code;
        ok += code == 0;
        crashed += code == 139;
    }
    EXPECT_EQ(ok, 6);
    EXPECT_EQ(crashed, 2);
    EXPECT_EQ(Launches(), 8u);

    r = Exec({SWEEP, "--collect", out});
    EXPECT_EQ(r.code, 1) << r.err; // two runs failed
    EXPECT_NE(r.err.find("collected 8 runs of 4 grid points"), std::string::npos) << r.err;
    EXPECT_EQ(ReadFile(out + "/results.csv"), ReadFile(normal + "/results.csv"));
    EXPECT_EQ(ReadFile(out + "/aggregate.csv"), ReadFile(normal + "/aggregate.csv"));
    CheckGrid(out, true);

    // The lines are idempotent: run again, only the failed runs run again.
    for (const auto& line : lines)
    {
        Exec({"/bin/sh", "-c", line});
    }
    EXPECT_EQ(Launches(), 10u);
    // Emitting again leaves out finished and failed runs, unless --retry-failed.
    ASSERT_EQ(Exec(Plus(Plus(Grid(out), {"--emit-jobs", jobs}), crash)).code, 0);
    EXPECT_EQ(Lines(ReadFile(jobs)).size(), 0u);
    ASSERT_EQ(Exec(Plus(Plus(Grid(out), {"--emit-jobs", jobs, "--retry-failed"}), crash)).code, 0);
    EXPECT_EQ(Lines(ReadFile(jobs)).size(), 2u);
}

TEST_F(SweepFakeLab, EmittedSlurmArray)
{
    const std::string normal = m_dir + "/normal";
    ASSERT_EQ(Exec(Grid(normal)).code, 0);
    const std::string out = m_dir + "/slurm-sweep";
    const std::string slurm = m_dir + "/slurm";
    const std::string jobs = m_dir + "/jobs.txt";
    Result r = Exec(Plus(Grid(out), {"--emit-slurm", slurm, "--emit-jobs", jobs}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(ReadFile(slurm + "/jobs.txt"), ReadFile(jobs));
    EXPECT_EQ(Lines(ReadFile(jobs)).size(), 8u);
    const std::string script = slurm + "/sweep.sbatch";
    auto lines = Lines(ReadFile(script));
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0], "#!/bin/sh");
    bool commands = false;
    int directives = 0;
    bool array = false;
    for (const auto& l : lines)
    {
        if (l.rfind("#SBATCH", 0) == 0)
        {
            EXPECT_FALSE(commands) << "#SBATCH after the first command: " << l;
            ++directives;
            array |= l == "#SBATCH --array=1-8";
        }
        else if (!l.empty() && l[0] != '#')
        {
            commands = true;
        }
    }
    EXPECT_TRUE(array);
    EXPECT_GE(directives, 3);
    EXPECT_EQ(Exec({"/bin/sh", "-n", script}).code, 0);
    EXPECT_TRUE(access(script.c_str(), X_OK) == 0);

    for (int task = 1; task <= 8; ++task)
    {
        r = Exec({"/bin/sh", script}, {{"SLURM_ARRAY_TASK_ID", std::to_string(task)}});
        EXPECT_EQ(r.code, 0) << "task " << task << ": " << r.err;
    }
    r = Exec({"/bin/sh", script}, {{"SLURM_ARRAY_TASK_ID", "9"}});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("no line 9"), std::string::npos) << r.err;

    r = Exec({SWEEP, "--collect", out});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(ReadFile(out + "/results.csv"), ReadFile(normal + "/results.csv"));
    EXPECT_EQ(ReadFile(out + "/aggregate.csv"), ReadFile(normal + "/aggregate.csv"));
}

TEST_F(SweepFakeLab, GnuParallelRunsTheEmittedJobs)
{
    if (!InPath("parallel"))
    {
        GTEST_SKIP() << "GNU parallel is not installed: its path is not tested "
                        "(apt-get install parallel)";
    }
    const auto crash = std::vector<std::string>{"--", "--crash-run=2", "--crash-loss=0.05"};
    const std::string normal = m_dir + "/normal";
    ASSERT_EQ(Exec(Plus(Grid(normal), crash)).code, 1);
    const std::string out = m_dir + "/parallel-sweep";
    const std::string jobs = m_dir + "/jobs.txt";
    ASSERT_EQ(Exec(Plus(Plus(Grid(out), {"--emit-jobs", jobs}), crash)).code, 0);
    // --sshlogin 2/: is the local machine through parallel's multi-host code path
    Result r = Exec({"/bin/sh", "-c", "parallel --will-cite -j2 --sshlogin 2/: < '" + jobs + "'"});
    EXPECT_EQ(r.code, 2) << r.err; // parallel: the number of failed jobs
    r = Exec({SWEEP, "--collect", out});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_EQ(ReadFile(out + "/results.csv"), ReadFile(normal + "/results.csv"));
    EXPECT_EQ(ReadFile(out + "/aggregate.csv"), ReadFile(normal + "/aggregate.csv"));
}

TEST_F(SweepFakeLab, CollectNeedsOneSweepsDirectories)
{
    Result r = Exec({SWEEP, "--collect", m_dir + "/nothing"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("runs: no such directory"), std::string::npos) << r.err;

    const std::string out = m_dir + "/sweep";
    ASSERT_EQ(Exec(Grid(out)).code, 0);
    fs::create_directories(out + "/runs/notes"); // not a point: skipped with a message
    r = Exec({SWEEP, "--collect", out, "--runs", "1"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("skipping " + out + "/runs/notes"), std::string::npos) << r.err;
    EXPECT_EQ(Csv::Read(out + "/results.csv").rows.size(), 4u); // run 1 only
    // with --param, only those points
    r = Exec({SWEEP,
              "--collect",
              out,
              "--param",
              "loss=0.05",
              "--param",
              "ns3::TcpFsmSocket::Msl=5s,1s"});
    EXPECT_EQ(r.code, 0) << r.err;
    Csv results = Csv::Read(out + "/results.csv");
    ASSERT_EQ(results.rows.size(), 4u);
    EXPECT_EQ(results.Get(0, "ns3::TcpFsmSocket::Msl"), "5s"); // in the order given
    fs::create_directories(out + "/runs/delay=1ms");
    r = Exec({SWEEP, "--collect", out});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("its parameters differ"), std::string::npos) << r.err;
}

TEST_F(SweepFakeLab, ShellQuotingOfTheJobLines)
{
    // values and lab options that need quoting reach the lab intact through sh
    const std::string out = m_dir + "/odd dir's";
    const std::string jobs = m_dir + "/jobs.txt";
    Result r = Exec({SWEEP,
                     "--param",
                     "close=client,half",
                     "--out",
                     out,
                     "--lab",
                     m_lab,
                     "--emit-jobs",
                     jobs,
                     "--",
                     "--counter=" + m_dir + "/count $HOME 'q'"});
    ASSERT_EQ(r.code, 0) << r.err;
    for (const auto& line : Lines(ReadFile(jobs)))
    {
        EXPECT_EQ(Exec({"/bin/sh", "-c", line}).code, 0) << line;
    }
    EXPECT_EQ(Lines(ReadFile(m_dir + "/count $HOME 'q'")).size(), 2u);
    EXPECT_EQ(Exec({SWEEP, "--collect", out}).code, 0);
    EXPECT_EQ(Csv::Read(out + "/results.csv").rows.size(), 2u);
}
