// The ps fixture (Fixtures/freebsd-14.3/ps.txt) and every text below are BUILT from FreeBSD's
// format code, not captured on a host: bin/ps/ps.c (`format_output` sizes each column by the
// longest value's strlen over all rows; one space between columns; a left-aligned last column is
// not padded), bin/ps/print.c (`printtime` "%ld:%02ld%c%02ld", `pcpu`/`pmem` "%.1f", `ucomm` raw
// ki_comm, `arguments` strvis'd, `elapseds` NULL → "-"), bin/ps/keyword.c (LJUST flags) and
// libxo.c `xo_format_string` (pads in display columns; LC_ALL=C turns non-ASCII into one byte).
import Foundation
import JailtopModel
import JailtopSynth
import Testing

@testable import JailtopCollect

/// Checks PsParser on ps text: the fixture, hostile names, malformed rows, round trips and fuzzing.
@Suite struct PsParserTests {
    static let header = "JID  PID PPID  UID USER       CPU MEM   RSS    VSZ       TIME  ETIMES STAT NLWP PRI NI COMM          ARGS\n"

    private func parse(_ text: String) throws(ToolOutputError) -> [JailProcess] {
        try PsParser.parse(Array(text.utf8))
    }

    private func error(_ text: String) -> ToolOutputError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func argumentsAskForOneColumnPerOption() {
        #expect(
            PsParser.arguments == [
                "-ax", "-ww", "-o", "jid=JID", "-o", "pid=PID", "-o", "ppid=PPID", "-o", "uid=UID", "-o", "user=USER",
                "-o", "%cpu=CPU", "-o", "%mem=MEM", "-o", "rss=RSS", "-o", "vsz=VSZ", "-o", "time=TIME",
                "-o", "etimes=ETIMES", "-o", "state=STAT", "-o", "nlwp=NLWP", "-o", "pri=PRI", "-o", "nice=NI",
                "-o", "comm=COMM", "-o", "args=ARGS",
            ])
        // keyword.c: an item with '=' swallows the rest of its argument, commas included.
        #expect(PsParser.arguments.allSatisfy { !$0.contains(",") })
        #expect(PsParser.arguments.last == "args=ARGS")
    }

    @Test func fixtureParsesEveryProcess() throws {
        let processes = try PsParser.parse(FreeBSDFixtures.bytes("ps.txt"))
        #expect(processes.count == 43)
        let perJail = Dictionary(grouping: processes, by: \.jid).mapValues(\.count)
        #expect(perJail == [0: 19, 1: 9, 2: 7, 3: 5, 4: 1, 5: 2])
        #expect(processes.map(\.pid).first == 0)
        #expect(processes.map(\.pid).last == 2502)
    }

    @Test func kernelProcessesAndUnboundedMinutes() throws {
        let processes = try PsParser.parse(FreeBSDFixtures.bytes("ps.txt"))
        let idle = try #require(processes.first { $0.pid == 10 })
        #expect(
            idle
                == JailProcess(
                    pid: 10, ppid: 0, jid: 0, uid: 0, user: "root", cpuPercent: 786.4, memPercent: 0, rssBytes: 128 * 1024,
                    vszBytes: 0, cpuTimeS: 27_129_312 / 100, elapsedS: 1_209_600, state: "RNL", threads: 8,
                    priority: 155, nice: 0, command: "idle", args: "[idle]"))
        let zfs = try #require(processes.first { $0.pid == 13 })
        #expect(zfs.cpuTimeS == 7503.45)
        #expect(zfs.args == "[zfskern]")
        let intr = try #require(processes.first { $0.pid == 11 })
        #expect(intr.priority == -60)
        #expect(intr.threads == 48)
    }

    @Test func jailedWorkerWithCommSuffixInArgs() throws {
        let processes = try PsParser.parse(FreeBSDFixtures.bytes("ps.txt"))
        let worker = try #require(processes.first { $0.pid == 2102 })
        #expect(
            worker
                == JailProcess(
                    pid: 2102, ppid: 2101, jid: 1, uid: 80, user: "www", cpuPercent: 1.3, memPercent: 0.4,
                    rssBytes: 32768 * 1024, vszBytes: 112_344 * 1024, cpuTimeS: 133.45, elapsedS: 86000, state: "SJ",
                    threads: 1, priority: 20, nice: 0, command: "nginx", args: "nginx: worker process (nginx)"))
        let sshd = try #require(processes.first { $0.pid == 650 })
        #expect(sshd.args == "sshd: /usr/sbin/sshd [listener] 0 of 10-100 startups (sshd)")
        let shell = try #require(processes.first { $0.pid == 1205 })
        #expect(shell.command == "tcsh")
        #expect(shell.args == "-tcsh (tcsh)")
    }

    @Test func hostileAndOddNamesInFixture() throws {
        let processes = try PsParser.parse(FreeBSDFixtures.bytes("ps.txt"))
        let spaced = try #require(processes.first { $0.pid == 2310 })
        #expect(spaced.command == "my worker")
        #expect(spaced.args == "/usr/local/libexec/my worker --queue=default")
        #expect(spaced.nice == 10)
        #expect(spaced.priority == 30)
        let escape = try #require(processes.first { $0.pid == 2311 })
        #expect(escape.command == "x\u{1B}[31mred")
        #expect(escape.args == "./x^[[31mred --color")
        let latin1 = try #require(processes.first { $0.pid == 2312 })
        #expect(latin1.command == "caf\u{FFFD}d")
        #expect(latin1.args == "/usr/local/bin/cafM-CM-)d -f")
        let zombie = try #require(processes.first { $0.pid == 2113 })
        #expect(zombie.args == "<defunct>")
        #expect(zombie.state == "ZJ")
        let swapped = try #require(processes.first { $0.pid == 2220 })
        #expect(swapped.elapsedS == 0)
        #expect(swapped.state == "IWsJ")
        let redis = try #require(processes.first { $0.pid == 2502 })
        #expect(redis.command == "redis-server")
        #expect(redis.jid == 5)
        #expect(redis.threads == 5)
    }

    @Test func headerOnlyMeansNoProcesses() throws {
        // ps exits 1 and prints just the header when nothing matched (ps.c: nkept == 0).
        #expect(try parse(Self.header).isEmpty)
        #expect(try parse(String(Self.header.dropLast())).isEmpty)
    }

    @Test func emptyOutputIsAnError() {
        #expect(error("")?.description == "ps: line 1: expected a header line, got empty output")
    }

    @Test func headerMismatchNamesTheColumn() {
        let renamed = Self.header.replacingOccurrences(of: " CPU", with: "PCPU")
        #expect(error(renamed)?.description == "ps: line 1: header: expected column \"CPU\" (%cpu), got \"PCPU\"")
        let missing = "JID PID PPID UID USER CPU MEM RSS VSZ TIME ETIMES STAT NLWP PRI NI COMM\n"
        #expect(error(missing)?.description == "ps: line 1: header: missing column \"ARGS\" (args)")
        let extra = "JID PID PPID UID USER CPU MEM RSS VSZ TIME ETIMES STAT NLWP PRI NI COMM ARGS EXTRA\n"
        #expect(error(extra)?.description == "ps: line 1: header: unexpected text after ARGS: \"EXTRA\"")
        // What a single `-o jid=JID,pid=PID,…` really produces on FreeBSD: one column.
        let swallowed = "JID,pid=PID,ppid=PPID\n  1\n"
        #expect(error(swallowed)?.description == "ps: line 1: header: expected column \"JID\" (jid), got \"JID,pid=PID,ppid=PPID\"")
    }

    @Test func malformedFieldsNameTheField() throws {
        let row = "  1 2102 2101   80 www        1.3 0.4 32768 112344    2:13.45   86000 SJ      1  20  0 nginx         nginx: worker\n"
        #expect(try parse(Self.header + row).count == 1)
        let badCPU = row.replacingOccurrences(of: "        1.3", with: "        abc")
        #expect(error(Self.header + badCPU)?.description == "ps: line 2: field %cpu: expected a number, got \"abc\"")
        let badTime = row.replacingOccurrences(of: "2:13.45", with: "2:73.45")
        #expect(error(Self.header + badTime)?.description == "ps: line 2: field time: expected a time as M:SS.hh, got \"2:73.45\"")
        let badRSS = row.replacingOccurrences(of: "32768", with: "32x68")
        #expect(error(Self.header + badRSS)?.description == "ps: line 2: field rss: expected a size in KiB, got \"32x68\"")
        let badPID = row.replacingOccurrences(of: "  1 2102 ", with: "  1 -2102 ")
        #expect(error(Self.header + badPID)?.description == "ps: line 2: field pid: expected an integer, got \"-2102\"")
        #expect(error(Self.header + row + "  1 2103\n")?.description == "ps: line 3: field ppid: missing")
        let noComm = "  1 2102 2101   80 www        1.3 0.4 32768 112344    2:13.45   86000 SJ      1  20  0\n"
        #expect(error(Self.header + noComm)?.description == "ps: line 2: field comm: missing")
        let hugeVSZ = row.replacingOccurrences(of: "112344", with: "999999999999999999")
        #expect(error(Self.header + hugeVSZ)?.description == "ps: line 2: field vsz: expected a size in KiB, got \"999999999999999999\"")
        // Beyond FreeBSD's 32-bit types (what JailProcess keeps): refused, never wrapped.
        let hugePID = row.replacingOccurrences(of: "  1 2102 ", with: "  1 2147483648 ")
        #expect(error(Self.header + hugePID)?.description == "ps: line 2: field pid: expected an integer from 0 to 2147483647, got \"2147483648\"")
        let hugeUID = row.replacingOccurrences(of: "2101   80 ", with: "2101 4294967295 ")
        #expect(error(Self.header + hugeUID)?.description == "ps: line 2: field uid: expected an integer from 0 to 4294967294, got \"4294967295\"")
        let hugeNice = row.replacingOccurrences(of: " 20  0 nginx", with: " 20 40000 nginx")
        #expect(error(Self.header + hugeNice)?.description == "ps: line 2: field nice: expected an integer from -32768 to 32767, got \"40000\"")
        let atTheLimits = row.replacingOccurrences(of: "  1 2102 2101   80 ", with: "2147483647 2147483647 2147483647 4294967294 ")
        let read = try #require(try parse(Self.header + atTheLimits).first)
        #expect((read.jid, read.pid, read.ppid, read.uid) == (2_147_483_647, 2_147_483_647, 2_147_483_647, 4_294_967_294))
    }

    @Test func decimalCommaAndLastLineWithoutNewline() throws {
        let row = "  1 2102 2101   80 www        1,3 0,4 32768 112344    2:13,45   86000 SJ      1  20  0 nginx         nginx: worker"
        let process = try #require(try parse(Self.header + row).first)
        #expect(process.cpuPercent == 1.3)
        #expect(process.memPercent == 0.4)
        #expect(abs(process.cpuTimeS - 133.45) < 1e-9)
        #expect(process.args == "nginx: worker")
    }

    @Test func rawNewlineInCommStaysInOneProcess() throws {
        // A file named "evil\nname" exec'd in a jail: ki_comm holds the newline and ps prints it raw.
        var builder = PsTextBuilder()
        builder.add(Self.sample(pid: 100, command: "evil\nname", args: "./evil^Jname"))
        builder.add(Self.sample(pid: 101, command: "sh", args: "/bin/sh"))
        let processes = try PsParser.parse(builder.text())
        #expect(processes.map(\.command) == ["evil\nname", "sh"])
        #expect(processes.map(\.args) == ["./evil^Jname", "/bin/sh"])
        // Line numbers after it still count the extra line.
        var broken = builder.text()
        broken += Array("  1 102\n".utf8)
        #expect(error(String(decoding: broken, as: UTF8.self))?.line == 5)
    }

    @Test func controlCharactersGetExtraPadding() throws {
        var builder = PsTextBuilder()
        builder.add(Self.sample(pid: 1, command: "a\u{1B}\u{1B}\u{07}b", args: "a^[^[^Gb"))
        builder.add(Self.sample(pid: 2, command: " lead", args: "./ lead"))
        builder.add(Self.sample(pid: 3, command: "nineteen-characters", args: "x"))
        let processes = try PsParser.parse(builder.text())
        #expect(processes.map(\.command) == ["a\u{1B}\u{1B}\u{07}b", " lead", "nineteen-characters"])
        #expect(processes.map(\.args) == ["a^[^[^Gb", "./ lead", "x"])
    }

    @Test func utf8LocaleWideCharacters() throws {
        // With a UTF-8 locale libxo keeps UTF-8 and pads by display width: "日本" is 6 bytes
        // (ps's width) but 4 columns, so 2 spaces of padding follow it. (Walked by bytes, the
        // C locale's way, this row would give args two leading spaces.)
        let text = "JID PID PPID UID USER CPU MEM RSS VSZ    TIME ETIMES STAT NLWP PRI NI COMM   ARGS\n"
            + "  0   5    1   0 root 0.0 0.0  12  34 0:00.00     10 S       1  20  0 日本   ./日本 -x\n"
            + "  0   6    1   0 root 0.0 0.0  12  34 0:00.00     10 S       1  20  0 é      ./é\n"
        let processes = try parse(text)
        #expect(processes.map(\.command) == ["日本", "é"])
        #expect(processes.map(\.args) == ["./日本 -x", "./é"])
    }

    // MARK: - ps run with LC_CTYPE=C.UTF-8 (issue 10 item 5)

    /// Fixtures/freebsd-14.3/ps-utf8.txt and ps-c-nonascii.txt: the same processes printed by
    /// ps under LC_CTYPE=C.UTF-8 and under LC_ALL=C (built from bin/ps, contrib/libc-vis/vis.c
    /// and libxo's xo_format_string_direct; see the fixture README). Compared as UTF-8 bytes:
    /// Swift's == would call "cafe\u{301}" and "café" equal.
    static let utf8Expected: [(pid: Int, command: String, args: String)] = [
        (1, "init", "/sbin/init"),
        (3001, "日本語", "/usr/local/bin/日本語 -x"),  // wide: 9 bytes, 6 columns
        (3002, "café", "café --menu=crème"),
        (3003, "cafe\u{301}", "./cafe\u{301}"),  // combining mark: 0 columns
        (3004, "bad?", "./bad? --x"),  // libxo writes '?' for a byte mbrtowc rejects
        (3005, "x\u{1B}[31mred", "./x\\^[[31mred --color"),  // raw ESC in comm, vis'd in args
        (3006, "n\u{85}l", "./n\\M^El"),  // C1 control: 0 columns (was the leading-space case)
        (3007, "ok🙂", "./ok🙂"),  // libxo counts the emoji as 1 column
        // ki_comm cut at byte 19 inside a character; ps appends " (comm)" (39-byte compare),
        // the dangling byte makes vis fall back to bytes for the whole line, libxo shows '?'.
        (3008, "日本語のプロ?", "/opt/e?g,??0n0?0?0?0?0? (e?g,??0n0?0??)"),
        (3009, "mix", "./mix ? ?M^W?"),  // an invalid byte in argv does the same to what follows
        (3010, "sh", "/bin/sh -c echo 日本"),
        (3011, "ゾンビ", "<defunct>"),
        (3012, "\u{1B}[1mé", "./\\^[[1mé"),
        (3013, "x\u{487}y", "./x\u{487}y"),  // U+0487: 1 column for libxo (not in its table)
        (3014, "ক\u{981}", "./ক\u{981}"),  // U+0981: 0 columns for libxo
    ]

    static let cExpected: [(pid: Int, command: String, args: String)] = [
        (1, "init", "/sbin/init"),
        (3001, "日本語", "/usr/local/bin/\\M-f\\M^W\\M-%\\M-f\\M^\\\\M-,\\M-h\\M-*\\M^^ -x"),
        (3002, "café", "caf\\M-C\\M-) --menu=cr\\M-C\\M-(me"),
        (3003, "cafe\u{301}", "./cafe\\M-L\\M^A"),
        (3004, "bad\u{FFFD}", "./bad\\M^? --x"),
        (3005, "x\u{1B}[31mred", "./x\\^[[31mred --color"),
        (3006, "n\u{85}l", "./n\\M-B\\M^El"),
        (3007, "ok🙂", "./ok\\M-p\\M^_\\M^Y\\M^B"),
        (3008, "日本語のプロ\u{FFFD}", "/opt/\\M-f\\M^W\\M-%\\M-f\\M^\\\\M-,\\M-h\\M-*\\M^^\\M-c\\M^A\\M-.\\M-c\\M^C\\M^W\\M-c\\M^C\\M--\\M-c\\M^B\\M-0\\M-c\\M^C\\M-)\\M-c\\M^C\\240 (M-fM^WM-%M-fM^\\M-,M-hM-*M^^M-cM^AM-.M-cM^CM^WM-cM^CM--M-c)"),
        (3009, "mix", "./mix \\M^? \\M-f\\M^W\\M-%"),
        (3010, "sh", "/bin/sh -c echo \\M-f\\M^W\\M-%\\M-f\\M^\\\\M-,"),
        (3011, "ゾンビ", "<defunct>"),
        (3012, "\u{1B}[1mé", "./\\^[[1m\\M-C\\M-)"),
        (3013, "x\u{487}y", "./x\\M-R\\M^Gy"),
        (3014, "ক\u{981}", "./\\M-`\\M-&\\M^U\\M-`\\M-&\\M^A"),
    ]

    private func expectNames(_ processes: [JailProcess], _ expected: [(pid: Int, command: String, args: String)]) {
        #expect(processes.map(\.pid) == expected.map(\.pid))
        for (got, want) in zip(processes, expected) {
            #expect(Array(got.command.utf8) == Array(want.command.utf8), "pid \(want.pid): comm \(got.command.debugDescription)")
            #expect(Array(got.args.utf8) == Array(want.args.utf8), "pid \(want.pid): args \(got.args.debugDescription)")
        }
        #expect(processes.allSatisfy { !$0.args.hasPrefix(" ") })
    }

    @Test func utf8LocaleFixtureReadsNamesAndArgumentsAsText() throws {
        let processes = try PsParser.parse(FreeBSDFixtures.bytes("ps-utf8.txt"), encoding: .utf8)
        expectNames(processes, Self.utf8Expected)
        #expect(processes.allSatisfy { $0.user == "root" || $0.user == "builder" })
        #expect(processes.first { $0.pid == 3011 }?.state == "ZJ")
    }

    @Test func cLocaleFixtureWalksBytes() throws {
        // LC_ALL=C, or a host without a UTF-8 LC_CTYPE file: libxo pads names by bytes, and a
        // control character in a non-ASCII name (3012) no longer shifts args by a space.
        expectNames(try PsParser.parse(FreeBSDFixtures.bytes("ps-c-nonascii.txt"), encoding: .c), Self.cExpected)
    }

    @Test func everyCombiningRangeOfLibxoIsZeroColumns() {
        // Spot checks against libxo/xo_wcwidth.h (mk_wcwidth, Unicode 5.0).
        #expect(LibxoColumnWidth.columns(of: 0x0301) == 0)
        #expect(LibxoColumnWidth.columns(of: 0x0487) == 1)  // between 0483-0486 and 0488-0489
        #expect(LibxoColumnWidth.columns(of: 0x0981) == 0)
        #expect(LibxoColumnWidth.columns(of: 0x00AD) == 1)  // soft hyphen: excluded from the table
        #expect(LibxoColumnWidth.columns(of: 0x0085) == 0)  // C1: iswcntrl in C.UTF-8
        #expect(LibxoColumnWidth.columns(of: 0x1F642) == 1)  // emoji: not wide in 2007 data
        #expect(LibxoColumnWidth.columns(of: 0x65E5) == 2)
        #expect(LibxoColumnWidth.columns(of: 0x303F) == 1)
        #expect(LibxoColumnWidth.columns(of: 0xE0100) == 0)
    }

    @Test func nameLibxoRefusedLeavesTheNumbersRight() throws {
        // Invalid UTF-8 makes libxo's xo_format_string_direct bail out: the comm field is empty,
        // not even padded, and args follow the separator at once.
        var text = Array(Self.header.utf8)
        text += Array("  3 2311 2310 1002 builder    0.0 0.0  1840  13108    0:00.00      60 SJ      1  20  0  ./bad --x\n".utf8)
        let process = try #require(try PsParser.parse(text).first)
        #expect(process.pid == 2311)
        #expect(process.rssBytes == 1840 * 1024)
        #expect(process.command == "")
        #expect(process.args == "./bad --x")
        // A refused name with short args ends its line inside the comm column; the next row is a
        // row of its own, not the rest of a name with a newline.
        var two = Array(Self.header.utf8)
        two += Array("  3 2311 2310 1002 builder    0.0 0.0  1840  13108    0:00.00      60 SJ      1  20  0  ./b\n".utf8)
        two += Array("  3 2314 2310 1002 builder    0.0 0.0  1840  13108    0:00.00      60 SJ      1  20  0 sh            /bin/sh\n".utf8)
        let both = try PsParser.parse(two)
        #expect(both.map(\.pid) == [2311, 2314])
        #expect(both.map(\.command) == ["", "sh"])
        #expect(both.map(\.args) == ["./b", "/bin/sh"])
        // And a raw invalid byte where a name should be decodes with a replacement character.
        var raw = Array(Self.header.utf8)
        raw += Array("  3 2312 2310 1002 builder    0.0 0.0  1840  13108    0:00.00      60 SJ      1  20  0 ".utf8)
        raw += [0xFF, 0xFE] + Array("            ./x\n".utf8)
        let replaced = try #require(try PsParser.parse(raw).first)
        #expect(replaced.command == "\u{FFFD}\u{FFFD}")
        #expect(replaced.args == "./x")
        // If the layout matches nothing known, the name ends at the first space: numbers stay right.
        var odd = Array(Self.header.utf8)
        odd += Array("  3 2313 2310 1002 builder    0.0 0.0  1840  13108    0:00.00      60 SJ      1  20  0 ".utf8)
        odd += [0xC3, 0xA9, 0xC3, 0xA9] + Array("   ./two words\n".utf8)
        let guessed = try #require(try PsParser.parse(odd).first)
        #expect(guessed.pid == 2313)
        #expect(guessed.command == "éé")
        #expect(guessed.args == "./two words")
    }

    /// ps read as it arrives (`RowStream`) reads what one pass over the whole output reads,
    /// however the pipe cuts it: every row in order, hostile names with a raw newline (around
    /// chunk and batch edges too) kept whole, a bad row skipped and named by its line in the
    /// whole output, a trailing blank line ignored.
    @Test(arguments: [PsParser.Encoding.c, .utf8])
    func readAsItArrivesReadsWhatOnePassReads(encoding: PsParser.Encoding) throws {
        var builder = PsTextBuilder()
        var expected: [JailProcess] = []
        let count = 12_000
        for pid in 1...count {
            let name = pid % 97 < 3 ? "evil\n\(pid % 7)" : "worker\(pid % 5)"
            let process = Self.sample(pid: pid, command: name, args: "/usr/local/bin/w --id \(pid) " + String(repeating: "x", count: 60))
            builder.add(process)
            expected.append(process)
        }
        var lines = builder.text().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        let badLine = lines.count * 3 / 4
        lines[badLine] = Array("   1 9999 1 0 root 0.0 0.0 4 4 soon 1 S 1 20 0 x y".utf8)
        let text = Array(lines.joined(separator: [UInt8(ascii: "\n")])) + Array("   \n".utf8)
        #expect(text.count > 3 * (PsParser.RowStream.window + PsParser.RowStream.batch))

        let whole = try PsParser.parseRows(text, encoding: encoding)
        #expect(whole.value.count == count - 1)
        #expect(whole.skipped.count == 1)
        #expect(whole.skipped.first?.line == badLine + 1)
        #expect(Set(expected.map(\.pid)).subtracting(whole.value.map(\.pid)).count == 1)
        // The totals the reader sums as it reads are those of its rows, summed in their order.
        var summed = ProcessTotals()
        for p in whole.value { summed.add(jid: p.jid, threads: p.threads, cpu: p.cpuPercent, rss: p.rssBytes) }
        for chunk in [1, 7, 4096, 65_536, 1 << 20] {
            var stream = PsParser.RowStream(encoding: encoding, layout: .full)
            Self.feed(text, inChunksOf: chunk, to: &stream)
            let streamed = try stream.rows()
            #expect(streamed.rows.value == whole.value, "chunks of \(chunk) bytes")
            #expect(streamed.rows.skipped == whole.skipped, "chunks of \(chunk) bytes")
            #expect(stream.pidsAscend, "chunks of \(chunk) bytes")
            #expect(stream.rowTotals == summed, "chunks of \(chunk) bytes")
        }
        // A row out of pid order anywhere is noticed as it is read (the sample is then sorted).
        var swapped = lines
        swapped.swapAt(lines.count / 2, lines.count / 2 + 1)
        var unsorted = PsParser.RowStream(encoding: encoding, layout: .full)
        Self.feed(Array(swapped.joined(separator: [UInt8(ascii: "\n")])), inChunksOf: 4096, to: &unsorted)
        #expect(!unsorted.pidsAscend)
        // Room made up front changes nothing read: the rows are written into it, never moved.
        var roomy = PsParser.RowStream(encoding: encoding, layout: .full, expectedRows: 2 * count)
        text.withUnsafeBufferPointer { roomy.consume($0) }
        roomy.end()
        let read = try roomy.rows()
        #expect(read.rows.value == whole.value)
        #expect(read.rows.skipped == whole.skipped)
        #expect(read.rows.value.capacity >= 2 * count)
    }

    /// Users named as the rows are read (`UserNaming`): once the jails' names are published,
    /// every row read from then on is named as `UserNames` says (the jail's own passwd, else
    /// the host's, else ps's name stays), the rows before keep ps's names and `namedFrom` says
    /// where the named ones begin; never published, nothing is named.
    @Test func usersAreNamedFromWhenTheNamesArePublished() throws {
        var builder = PsTextBuilder()
        for pid in 1...6000 {
            var process = Self.sample(pid: pid, command: "w", args: "/usr/local/bin/w " + String(repeating: "x", count: 80))
            (process.jid, process.uid, process.user) = [(3, 1002, "builder"), (4, 1002, "builder"), (5, 4242, "4242"), (0, 80, "80")][pid % 4]
            builder.add(process)
        }
        let text = builder.text()
        let names = UserNames(
            host: PasswdFile(namesByUID: [80: "www", 1002: "admin"]),
            jailFiles: [3: PasswdFile(namesByUID: [1002: "builder3"]), 4: PasswdFile(namesByUID: [80: "www4"])])
        func expectedName(_ p: JailProcess) -> String {
            switch (p.jid, p.uid) {
            case (3, 1002): "builder3"
            case (4, 1002): "admin"  // the jail's file lacks the uid: the host's
            case (0, 80): "www"
            default: p.user  // no file knows 4242
            }
        }

        let never = UserNaming()
        var unnamed = PsParser.RowStream(encoding: .utf8, layout: .full, expectedRows: 0, naming: never)
        Self.feed(text, inChunksOf: 4096, to: &unnamed)
        let asPsSaid = try unnamed.rows().rows.value
        #expect(unnamed.namedFrom == nil)
        #expect(asPsSaid == (try PsParser.parseRows(text, encoding: .utf8)).value)

        let early = UserNaming()
        early.publish(names)
        var all = PsParser.RowStream(encoding: .utf8, layout: .full, expectedRows: 0, naming: early)
        Self.feed(text, inChunksOf: 4096, to: &all)
        #expect(all.namedFrom == 0)
        #expect(try all.rows().rows.value.map(\.user) == asPsSaid.map(expectedName))

        // Published with a third of the text in: later rows named, earlier ones as ps said.
        let late = UserNaming()
        var part = PsParser.RowStream(encoding: .utf8, layout: .full, expectedRows: 0, naming: late)
        let third = text.count / 3
        text[..<third].withUnsafeBufferPointer { part.consume($0) }
        late.publish(names)
        text[third...].withUnsafeBufferPointer { part.consume($0) }
        part.end()
        let from = try #require(part.namedFrom)
        let rows = try part.rows().rows.value
        #expect(from > 0 && from < rows.count)
        #expect(rows[..<from].map(\.user) == asPsSaid[..<from].map(\.user))
        #expect(rows[from...].map(\.user) == asPsSaid[from...].map(expectedName))
        #expect(rows.map(\.pid) == asPsSaid.map(\.pid))
    }

    /// A stream that keeps no rows (`RowStream(totalsOf:)`, the snapshot table's) sums per JID
    /// exactly what the rows of one pass over the whole output sum, however the pipe cuts it:
    /// host processes (JID 0) and a JID past the slots counted apart, a bad row costing only
    /// itself, in the steady layout a table reads.
    /// `text` into `stream` as a pipe would hand it over, `chunk` bytes at a time, then its end.
    static func feed(_ text: [UInt8], inChunksOf chunk: Int, to stream: inout PsParser.RowStream) {
        var start = 0
        while start < text.count {
            let end = min(text.count, start + chunk)
            text[start..<end].withUnsafeBufferPointer { stream.consume($0) }
            start = end
        }
        stream.end()
    }

    @Test func aTotalsStreamSumsWhatTheRowsSum() throws {
        var builder = PsTextBuilder()
        let count = 9_000
        for pid in 1...count {
            var process = Self.sample(pid: pid, command: pid % 89 == 0 ? "evil\n\(pid)" : "worker", args: "")
            process.user = ""
            process.jid = pid % 10 == 0 ? 0 : pid == 77 ? 5_000_000 : pid % 37
            process.threads = 1 + pid % 4
            process.cpuPercent = Double(pid % 13) / 10
            process.rssBytes = (pid % 50) * 4096
            builder.add(process)
        }
        var lines = builder.steadyText().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        lines[lines.count / 2] = Array("   1 9999 1 0 0.0 0.0 4 4 soon 1 S 1 20 0 x 9999".utf8)
        let text = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        #expect(text.count > 3 * (PsParser.RowStream.window + PsParser.RowStream.batch))

        let whole = try PsParser.parseRows(text, encoding: .utf8, layout: .withoutArguments).rows
        #expect(whole.value.count == count - 1)
        #expect(whole.skipped.count == 1)
        var expected = ProcessTotals()
        for p in whole.value { expected.add(jid: p.jid, threads: p.threads, cpu: p.cpuPercent, rss: p.rssBytes) }
        let hostRows = whole.value.filter { $0.jid == 0 }
        #expect(hostRows.count >= count / 10, "every tenth pid and every 37th sit on the host")
        #expect(expected.byJID()[0]?.processes == hostRows.count)
        #expect(expected.byJID()[0]?.rssBytes == hostRows.reduce(0) { $0 + $1.rssBytes })
        #expect(expected.byJID()[5_000_000]?.processes == 1)
        for chunk in [1, 4096, 65_536, 1 << 20] {
            var stream = PsParser.RowStream(totalsOf: .withoutArguments, encoding: .utf8)
            Self.feed(text, inChunksOf: chunk, to: &stream)
            let totals = try stream.totals()
            #expect(totals.value == expected, "chunks of \(chunk) bytes")
            #expect(totals.value.count == count - 1)
            #expect(totals.skipped == whole.skipped, "chunks of \(chunk) bytes")
            #expect(try stream.rows().rows.value.isEmpty, "a totals stream keeps no row")
        }
        var foreign = PsParser.RowStream(totalsOf: .withoutArguments, encoding: .utf8)
        Array("garbage\n  1 2 3\n".utf8).withUnsafeBufferPointer { foreign.consume($0) }
        foreign.end()
        #expect(throws: ToolOutputError.self) { try foreign.totals() }
    }

    /// A header that is not ps's fails the streamed read as it fails the whole one; an empty
    /// output too.
    @Test func aStreamWithAForeignHeaderFails() throws {
        for text in ["garbage\n  1 2 3\n", ""] {
            var stream = PsParser.RowStream(encoding: .utf8, layout: .full)
            Array(text.utf8).withUnsafeBufferPointer { stream.consume($0) }
            stream.end()
            #expect(throws: ToolOutputError.self) { try stream.rows() }
        }
    }

    @Test func roundTripsGeneratedProcesses() throws {
        var generator = SeededRandom(seed: 42)
        var builder = PsTextBuilder()
        var expected: [JailProcess] = []
        let names = ["nginx", "php-fpm", "postgres", "my worker", "sshd", "x\u{1B}y", "redis-server", "a b c"]
        for pid in 1...300 {
            let name = names[Int.random(in: 0..<names.count, using: &generator)]
            var process = Self.sample(pid: pid, command: name, args: "/usr/local/bin/\(name) --id \(pid)")
            process.jid = Int.random(in: 0...40, using: &generator)
            process.cpuPercent = Double(Int.random(in: 0...9999, using: &generator)) / 10
            process.cpuTimeS = Double(Int.random(in: 0...99_999_999, using: &generator)) / 100
            process.rssBytes = Int.random(in: 0...9_999_999, using: &generator) * 1024
            process.nice = Int.random(in: -20...20, using: &generator)
            process.priority = Int.random(in: -100...155, using: &generator)
            builder.add(process)
            expected.append(process)
        }
        let parsed = try PsParser.parse(builder.text())
        #expect(parsed.count == expected.count)
        for (got, want) in zip(parsed, expected) {
            #expect(abs(got.cpuTimeS - want.cpuTimeS) < 1e-6)
            var adjusted = got
            adjusted.cpuTimeS = want.cpuTimeS
            #expect(adjusted == want)
        }
    }

    @Test func fuzzedOutputNeverCrashes() throws {
        let fixture = try FreeBSDFixtures.bytes("ps.txt")
        let small = Array(fixture.prefix(2000))
        var parsedSomething = 0
        for input in FuzzInputs(seeds: [small, Array(Self.header.utf8)], count: 4000, seed: 0x5EED_0001) {
            if let processes = try? PsParser.parse(input) {
                parsedSomething += processes.isEmpty ? 0 : 1
            }
        }
        #expect(parsedSomething > 0)
    }

    static func sample(pid: Int, command: String, args: String) -> JailProcess {
        JailProcess(
            pid: pid, ppid: 1, jid: 3, uid: 1002, user: "builder", cpuPercent: 0.5, memPercent: 0.1,
            rssBytes: 2048 * 1024, vszBytes: 13108 * 1024, cpuTimeS: 1.25, elapsedS: 60, state: "SJ", threads: 1,
            priority: 20, nice: 0, command: command, args: args)
    }
}
