/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Inside an ns-3 source tree (contrib/tcp-fsm), ns-3's test.py runs TestSuites, not
 * GoogleTest executables: this suite, "tcp-fsm", runs the module's GoogleTest cases compiled
 * into the module's test library, one TestCase per GoogleTest suite, so test.py reports them
 * by name. Built only in-tree (the standalone build runs the same cases under ctest).
 */
#include "ns3/config.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <gtest/gtest.h>
#include <string>

namespace ns3
{

namespace
{

/// Runs the GoogleTest cases whose names match a filter (e.g. "SetTcp.*").
class TcpFsmGoogleTestCase : public TestCase
{
  public:
    explicit TcpFsmGoogleTestCase(const std::string& filter)
      : TestCase("GoogleTest " + filter)
      , m_filter(filter)
    {}

  private:
    void DoRun() override
    {
        int argc = 1;
        char name[] = "tcp-fsm";
        char* argv[] = {name, nullptr};
        testing::InitGoogleTest(&argc, argv);
        ::testing::GTEST_FLAG(filter) = m_filter;
        const int failed = RUN_ALL_TESTS();
        const int ran = testing::UnitTest::GetInstance()->test_to_run_count();
        // The cases leave no state behind for the next suite of test-runner.
        Simulator::Destroy();
        Config::Reset();
        NS_TEST_ASSERT_MSG_GT(ran, 0, "no GoogleTest case matches " << m_filter);
        NS_TEST_ASSERT_MSG_EQ(failed, 0, "GoogleTest cases " << m_filter << " failed");
    }

    std::string m_filter;
};

/// The suite test.py runs as `./test.py --suite=tcp-fsm`.
class TcpFsmTestSuite : public TestSuite
{
  public:
    TcpFsmTestSuite()
      : TestSuite("tcp-fsm", UNIT)
    {
        // One case per GoogleTest suite compiled in (see CMakeLists.txt, in-tree mode).
        for (const char* filter : {"TransitionTable*",
                                   "SetTcp.*",
                                   "Classifier*",
                                   "TcpFsmRxBuffer.*:TcpFsmTxBuffer.*",
                                   "TcpFsmTimersTest.*",
                                   "Options*:TcpFsmHeaderRead.*",
                                   "PeerTest.*:SockApiTest.*"})
        {
            AddTestCase(new TcpFsmGoogleTestCase(filter), TestCase::QUICK);
        }
    }
};

TcpFsmTestSuite g_tcpFsmTestSuite;

} // namespace

} // namespace ns3
