/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A main() for a fuzz target without libFuzzer: runs LLVMFuzzerTestOneInput on every file
 * named on the command line (a directory: every file in it, sorted). The default build
 * links each target with it (build/bin/tcp-fsm-fuzz-replay-NAME), so ctest runs the seed
 * corpora and the regression inputs with the ordinary compiler; a finding aborts, and the
 * last "running FILE" line names the input. Exit status 0 when every input ran, 2 on usage
 * errors or unreadable files.
 */
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

int
main(int argc, char** argv)
{
    namespace fs = std::filesystem;
    if (argc < 2)
    {
        std::fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i)
    {
        std::error_code ec;
        const fs::path p(argv[i]);
        if (fs::is_directory(p, ec))
        {
            std::vector<fs::path> in;
            for (const auto& e : fs::directory_iterator(p, ec))
            {
                if (e.is_regular_file())
                {
                    in.push_back(e.path());
                }
            }
            std::sort(in.begin(), in.end());
            files.insert(files.end(), in.begin(), in.end());
        }
        else if (fs::is_regular_file(p, ec))
        {
            files.push_back(p);
        }
        else
        {
            std::fprintf(stderr, "%s: '%s' is neither a file nor a directory\n", argv[0], argv[i]);
            return 2;
        }
    }
    for (const auto& f : files)
    {
        std::ifstream in(f, std::ios::binary);
        if (!in)
        {
            std::fprintf(stderr, "%s: cannot read '%s'\n", argv[0], f.c_str());
            return 2;
        }
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                      std::istreambuf_iterator<char>());
        std::fprintf(stderr, "running %s (%zu bytes)\n", f.c_str(), bytes.size());
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("%zu inputs ran\n", files.size());
    return 0;
}
