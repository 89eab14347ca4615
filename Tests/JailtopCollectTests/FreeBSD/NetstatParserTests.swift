// netstat-vnet1.json is BUILT from usr.bin/netstat/if.c `intpr` (one entry per address; the
// AF_LINK entry's network is "<Link#N>"; `show_stat` writes `{:NAME/%Nlu}` numbers and leaves out
// statistics that do not apply; lo0's link entry has no address) and main.c's "statistics"
// container, as `netstat -j vnet1 -ibn --libxo json` would print them; not captured.
import JailtopModel
import Testing

@testable import JailtopCollect

/// Checks NetstatParser on netstat -j JID -ibn --libxo json output.
@Suite struct NetstatParserTests {
    private func error(_ text: String) -> ToolOutputError? {
        do {
            _ = try NetstatParser.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func argumentsAttachToTheJail() {
        #expect(NetstatParser.arguments(jid: 3) == ["-j", "3", "-ibn", "--libxo", "json"])
    }

    @Test func fixtureGivesOneEntryPerInterface() throws {
        let interfaces = try NetstatParser.parse(FreeBSDFixtures.bytes("netstat-vnet1.json"))
        #expect(interfaces == [
            NetInterface(name: "lo0", rxBytes: 98312, txBytes: 98312, rxPackets: 1204, txPackets: 1204),
            NetInterface(name: "epair10b", rxBytes: 7_890_123, txBytes: 1_234_567, rxPackets: 10432, txPackets: 9876),
        ])
    }

    @Test func rawControlBytesInANameAreKept() throws {
        // A jailed root can rename interfaces of its own vnet; libxo 1.4 writes the bytes raw.
        let text = "{\"statistics\": {\"interface\": [{\"name\":\"e\u{1B}[1m\tx\",\"network\":\"<Link#4>\",\"received-bytes\":5}]}}"
        #expect(try NetstatParser.parse(Array(text.utf8)) == [NetInterface(name: "e\u{1B}[1m\tx", rxBytes: 5, txBytes: 0, rxPackets: 0, txPackets: 0)])
    }

    @Test func noInterfacesAndMalformedCounters() {
        #expect(error(#"{"statistics": {}}"#) == nil)
        #expect(error(#"{"interface": []}"#)?.description == "netstat: missing \"statistics\" container")
        #expect(error(#"{"statistics": {"interface": {}}}"#)?.description == "netstat: interface: expected a list, got an object")
        #expect(error(#"{"statistics": {"interface": [{"network":"<Link#1>"}]}}"#)?.description == "netstat: interface #1: missing name")
        #expect(error(#"{"statistics": {"interface": [{"name":"em0","network":"<Link#1>","sent-bytes":"1.2K"}]}}"#)?.description
            == "netstat: interface \"em0\": sent-bytes: expected a counter, got the string \"1.2K\"")
        #expect(error(#"{"statistics": {"interface": [{"name":"em0","network":"<Link#1>","sent-bytes":-1}]}}"#)?.description
            == "netstat: interface \"em0\": sent-bytes: expected a counter, got \"-1\"")
        #expect(error(#"{"statistics": {"interface": [3]}}"#)?.description == "netstat: interface #1: expected an object, got a number")
    }

    @Test func fuzzedOutputNeverCrashes() throws {
        let fixture = try FreeBSDFixtures.bytes("netstat-vnet1.json")
        for input in FuzzInputs(seeds: [fixture], count: 3000, seed: 0x5EED_0006) {
            _ = try? NetstatParser.parse(input)
        }
    }
}
