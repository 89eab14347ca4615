// sysctl.txt is BUILT from sbin/sysctl/sysctl.c `show_var` (with -e the separator is "=";
// integers "%jd"/"%ju", arrays joined by one space; strings raw; `S_loadavg` "{ %.2f %.2f %.2f }";
// `S_timeval` "{ sec = %jd, usec = %ld } " followed by ctime() without its newline), not
// captured on a host.
import Testing

@testable import JailtopCollect

/// Checks SysctlParser and the CPU percentage from two kern.cp_time samples.
@Suite struct SysctlParserTests {
    private func error(_ text: String) -> ToolOutputError? {
        do {
            _ = try SysctlParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func argumentsAskForEveryOID() {
        #expect(SysctlParser.arguments.prefix(2) == ["-e", "-i"])
        #expect(Array(SysctlParser.arguments.dropFirst(2)) == SysctlParser.oids)
        #expect(SysctlParser.oids.count == 14)
    }

    @Test func fixtureGivesTheHostHeader() throws {
        let host = try SysctlParser.parse(FreeBSDFixtures.text("sysctl.txt"))
        #expect(
            host
                == HostSysctls(
                    hostname: "h1.example.org", osrelease: "14.3-RELEASE", ncpu: 8, physmemBytes: 34_237_014_016,
                    pageSize: 4096, loadavg: [0.42, 0.38, 0.35], boottime: 1_764_400_000.123456,
                    cpTime: [81_234_567, 1234, 20_123_456, 987_654, 712_345_678], racctEnable: true,
                    memUsedBytes: (1_048_576 + 2_097_152 + 4096) * 4096))
    }

    @Test func missingOIDsStayNil() throws {
        // -i: an OID this kernel lacks prints nothing (kern.racct.enable without RACCT).
        let host = try SysctlParser.parse("hw.ncpu=2\nvm.stats.vm.v_active_count=10\nhw.pagesize=4096\n")
        #expect(host == HostSysctls(ncpu: 2, pageSize: 4096))
        #expect(try SysctlParser.parse("") == HostSysctls())
        #expect(try SysctlParser.parse("kern.racct.enable=0\nsome.other=1\n").racctEnable == false)
    }

    @Test func malformedValuesNameTheOID() {
        #expect(error("hw.ncpu=eight\n")?.description == "sysctl: line 1: hw.ncpu: expected a positive integer, got \"eight\"")
        #expect(error("hw.ncpu=1\nvm.loadavg={ 0.42 0.38 }\n")?.description
            == "sysctl: line 2: vm.loadavg: expected \"{ 1.00 1.00 1.00 }\", got \"{ 0.42 0.38 }\"")
        #expect(error("kern.boottime=Sat Nov 29 07:06:40 2025\n")?.description
            == "sysctl: line 1: kern.boottime: expected \"{ sec = N, usec = N } date\", got \"Sat Nov 29 07:06:40 2025\"")
        #expect(error("kern.cp_time=1 2 3 4\n")?.description == "sysctl: line 1: kern.cp_time: expected 5 space-separated tick counts, got \"1 2 3 4\"")
        #expect(error("kern.racct.enable=yes\n")?.description == "sysctl: line 1: kern.racct.enable: expected 0 or 1, got \"yes\"")
        #expect(error("kern.hostname: h1\n")?.description == "sysctl: line 1: expected name=value, got \"kern.hostname: h1\"")
        #expect(error("vm.stats.vm.v_free_count=-1\n")?.description
            == "sysctl: line 1: vm.stats.vm.v_free_count: expected a non-negative integer, got \"-1\"")
    }

    @Test func decimalCommaLoadAverage() throws {
        #expect(try SysctlParser.parse("vm.loadavg={ 0,42 1,50 2,00 }\n").loadavg == [0.42, 1.5, 2.0])
    }

    @Test func cpuPercentFromTwoSamples() {
        #expect(SysctlParser.cpuPercent(previous: [100, 0, 50, 10, 840], current: [130, 0, 60, 10, 900]) == 40)
        #expect(SysctlParser.cpuPercent(previous: [1, 1, 1, 1, 1], current: [1, 1, 1, 1, 1]) == nil)  // no time passed
        #expect(SysctlParser.cpuPercent(previous: [10, 0, 0, 0, 10], current: [5, 0, 0, 0, 20]) == nil)  // reset
        #expect(SysctlParser.cpuPercent(previous: [1, 2, 3], current: [1, 2, 3, 4, 5]) == nil)
        #expect(SysctlParser.cpuPercent(previous: [0, 0, 0, 0, 0], current: [0, 0, 0, 0, 7]) == 0)
    }

    @Test func fuzzedOutputNeverCrashes() throws {
        let fixture = try FreeBSDFixtures.bytes("sysctl.txt")
        for input in FuzzInputs(seeds: [fixture], count: 3000, seed: 0x5EED_0005) {
            _ = try? SysctlParser.parse(String(decoding: input, as: UTF8.self))
        }
    }
}
