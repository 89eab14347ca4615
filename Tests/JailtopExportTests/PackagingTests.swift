import Foundation
import JailtopTestSupport
import Testing

@testable import JailtopExport

/// What packaging/ ships for Prometheus and Grafana: promtool accepts the rules and passes
/// their unit tests, the dashboard is JSON, and every metric either of them reads is one the
/// exporter really writes (a renamed metric breaks this test, not a user's alerts).
@Suite("packaging: Prometheus rules and Grafana dashboard")
struct PackagingTests {
    /// The top of the repository: this file is Tests/JailtopExportTests/PackagingTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let prometheusDirectory = root.appendingPathComponent("packaging/prometheus")
    static let rulesFile = prometheusDirectory.appendingPathComponent("jailtop.rules.yml")
    static let rulesTestFile = prometheusDirectory.appendingPathComponent("jailtop.rules.test.yml")
    static let dashboardFile = root.appendingPathComponent("packaging/grafana/jailtop-fleet.json")

    // MARK: promtool

    @Test("promtool check rules passes, with nothing but its SUCCESS lines", .enabled(if: Promtool.path != nil, "promtool is not installed"))
    func checkRules() async throws {
        let result = try await Promtool.run(["check", "rules", Self.rulesFile.path])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let others = lines.filter { !$0.hasPrefix("Checking ") && !$0.hasPrefix("SUCCESS:") }
        #expect(others.isEmpty, "\(result.output)")
        #expect(lines.contains { $0.hasPrefix("SUCCESS:") }, "\(result.output)")
    }

    @Test("promtool test rules passes the rules' unit tests", .enabled(if: Promtool.path != nil, "promtool is not installed"))
    func testRules() async throws {
        let result = try await Promtool.run(["test", "rules", Self.rulesTestFile.lastPathComponent], in: Self.prometheusDirectory)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS"), "\(result.output)")
    }

    // MARK: Metric names

    @Test("every metric the rules read is one the exporter writes")
    func rulesReadExportedMetrics() throws {
        let rules = Self.ruleExpressions(try String(contentsOf: Self.rulesFile, encoding: .utf8))
        #expect(rules.expressions.count >= 8)
        let used = Self.metricNames(in: rules.expressions)
        #expect(used.isSuperset(of: ["jail_up", "jail_rctl_limit", "jail_memoryuse_bytes", "jailtop_collector_errors_total"]))
        let families = try Self.exportedFamilies()
        let missing = used.filter { !Self.isExported($0, families) }.sorted()
        #expect(missing.isEmpty, "not in the exporter's output: \(missing)")
        // Recorded names have a colon, so they can never be taken for (or clash with) exported ones.
        #expect(!rules.records.isEmpty)
        for record in rules.records { #expect(record.contains(":"), "\(record)") }
        let recordedUsed = Self.recordedNames(in: rules.expressions)
        #expect(recordedUsed.isSubset(of: rules.records), "read but never recorded: \(recordedUsed.subtracting(rules.records).sorted())")
    }

    @Test("the Grafana dashboard is JSON and reads only metrics the exporter writes")
    func dashboardReadsExportedMetrics() throws {
        let json = try JSONSerialization.jsonObject(with: try Data(contentsOf: Self.dashboardFile))
        let dashboard = try #require(json as? [String: Any])
        let variables = try #require((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]])
        #expect(Set(variables.compactMap { $0["name"] as? String }).isSuperset(of: ["datasource", "instance", "jail"]))
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let ids = panels.compactMap { $0["id"] as? Int }
        #expect(ids.count == panels.count && Set(ids).count == ids.count, "every panel needs its own id")

        let expressions = Self.strings(forKey: "expr", in: json) + variables.compactMap { $0["definition"] as? String }
        #expect(expressions.count > 20)
        let used = Self.metricNames(in: expressions)
        #expect(used.isSuperset(of: ["jail_up", "jail_cpu_percent", "jail_memoryuse_bytes", "jail_rctl_limit", "jail_processes"]))
        let families = try Self.exportedFamilies()
        let missing = used.filter { !Self.isExported($0, families) }.sorted()
        #expect(missing.isEmpty, "not in the exporter's output: \(missing)")
        // Limit shares come from the rules' recordings: they must be ones the rules file makes.
        let records = Self.ruleExpressions(try String(contentsOf: Self.rulesFile, encoding: .utf8)).records
        let recordedUsed = Self.recordedNames(in: expressions)
        #expect(recordedUsed.isSubset(of: records), "not recorded by jailtop.rules.yml: \(recordedUsed.subtracting(records).sorted())")
    }

    @Test("the name scanner skips strings, recorded names and look-alikes")
    func scanner() {
        let names = Self.metricNames(in: [
            #"jailtop:jail_deny_usage:ratio > 0.9 or jail_up{job=~"jailtop_x", name="jail_fake"} # jail_comment"#,
            "rate(jail_network_receive_bytes_total[$__rate_interval]) and myjail_up",
        ])
        #expect(names == ["jail_up", "jail_network_receive_bytes_total"])
        #expect(Self.recordedNames(in: ["jailtop:jail_deny_usage:ratio[5m:1m] / jail_up"]) == ["jailtop:jail_deny_usage:ratio"])
        let rules = Self.ruleExpressions(
            """
            groups:
              - name: g
                rules:
                  - record: a:b:c
                    expr: |
                      jail_up
                      or jail_num

                  - alert: X
                    expr: 'jail_id > 0'
                    for: 5m
            """)
        #expect(rules.expressions == ["jail_up\nor jail_num", "jail_id > 0"])
        #expect(rules.records == ["a:b:c"])
    }

    // MARK: Helpers

    /// The metric families of a real page: the demo host's first sample, as the exporter renders it.
    static func exportedFamilies() throws -> Set<String> {
        let text = MetricsRenderer().render(try Fixtures.demoSnapshot(), health: Fixtures.health)
        return Set(try ExpositionParser(text).types.keys)
    }

    /// Whether `name` is an exported family, or a histogram/summary series or counter of one.
    static func isExported(_ name: String, _ families: Set<String>) -> Bool {
        if families.contains(name) { return true }
        return ["_bucket", "_sum", "_count", "_total"].contains { suffix in
            name.hasSuffix(suffix) && families.contains(String(name.dropLast(suffix.count)))
        }
    }

    /// The exporter's metric names that expressions read: identifiers starting with `jail_` or
    /// `jailtop_`, outside string literals and comments. Names with a colon are recordings.
    static func metricNames(in expressions: [String]) -> Set<String> {
        Set(expressions.flatMap { identifiers(in: $0) }.filter { ($0.hasPrefix("jail_") || $0.hasPrefix("jailtop_")) && !$0.contains(":") })
    }

    /// The recorded (colon) names that expressions read.
    static func recordedNames(in expressions: [String]) -> Set<String> {
        Set(expressions.flatMap { identifiers(in: $0) }.filter { $0.contains(":") && ($0.first?.isLetter == true || $0.first == "_") })
    }

    /// PromQL's identifier-like words, leaving out quoted strings and `#` comments: metric,
    /// label and function names, keywords, and durations or numbers (filtered by the callers).
    static func identifiers(in expression: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quote: Character?
        var escaped = false
        var inComment = false
        for c in expression {
            if inComment {
                if c == "\n" { inComment = false }
                continue
            }
            if let open = quote {
                if escaped {
                    escaped = false
                } else if c == "\\" && open != "`" {
                    escaped = true
                } else if c == open {
                    quote = nil
                }
                continue
            }
            if c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == ":") {
                word.append(c)
                continue
            }
            if !word.isEmpty {
                words.append(word)
                word = ""
            }
            if c == "\"" || c == "'" || c == "`" { quote = c }
            if c == "#" { inComment = true }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// The `expr:` values of a Prometheus rules file (plain, quoted, or `|`/`>` block scalars),
    /// and the names its `record:` lines give. Enough YAML for rules files, not all of it.
    static func ruleExpressions(_ yaml: String) -> (expressions: [String], records: Set<String>) {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var expressions: [String] = []
        var records = Set<String>()
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            let content = line.drop { $0 == " " }
            let indent = line.count - content.count
            let key = content.hasPrefix("- ") ? content.dropFirst(2).drop { $0 == " " } : content
            if key.hasPrefix("record:") {
                records.insert(unquote(key.dropFirst("record:".count).trimmingCharacters(in: .whitespaces)))
                continue
            }
            guard key.hasPrefix("expr:") else { continue }
            let value = key.dropFirst("expr:".count).trimmingCharacters(in: .whitespaces)
            guard value.hasPrefix("|") || value.hasPrefix(">") else {
                expressions.append(unquote(value))
                continue
            }
            // A block scalar: every following line indented deeper than the key (or blank).
            var block: [String] = []
            while index < lines.count {
                let next = lines[index]
                let nextContent = next.drop { $0 == " " }
                if !nextContent.isEmpty && next.count - nextContent.count <= indent { break }
                block.append(String(nextContent))
                index += 1
            }
            while block.last?.isEmpty == true { block.removeLast() }
            expressions.append(block.joined(separator: "\n"))
        }
        return (expressions, records)
    }

    /// A YAML scalar without its quotes: 'single' ('' is a quote) or "double" (\" is one).
    static func unquote(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == value.last, first == "'" || first == "\"" else { return value }
        let inner = String(value.dropFirst().dropLast())
        return first == "'" ? inner.replacingOccurrences(of: "''", with: "'") : inner.replacingOccurrences(of: "\\\"", with: "\"")
    }

    /// Every string value stored under `key`, anywhere in a decoded JSON document.
    static func strings(forKey key: String, in value: Any) -> [String] {
        var found: [String] = []
        if let object = value as? [String: Any] {
            for (name, member) in object {
                if name == key, let text = member as? String {
                    found.append(text)
                } else {
                    found += strings(forKey: key, in: member)
                }
            }
        } else if let array = value as? [Any] {
            for element in array { found += strings(forKey: key, in: element) }
        }
        return found
    }
}
