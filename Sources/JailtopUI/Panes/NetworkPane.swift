import JailtopModel

/// Per-interface traffic of a VNET jail: rates over the last interval and totals.
struct NetworkPane {
    var state: AppState
    var jail: Jail

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        var text = TextLines()
        if let issue = state.snapshot?.issue(for: .network) {
            text.add("! network: \(issue.message)", Style(.error))
        }
        if !jail.vnet {
            text.add("\(jail.name) shares the host's network stack (no VNET).", Style(.dim))
            let addresses = jail.ip4 + jail.ip6
            text.add(addresses.isEmpty ? "It has no addresses of its own." : "Addresses: " + addresses.joined(separator: ", "), Style(.dim))
            text.add("Per-jail traffic counters need a VNET jail.", Style(.dim))
        } else if jail.state != .running {
            text.add("\(jail.name) is \(jail.state.rawValue): no interfaces.", Style(.dim))
        } else if jail.interfaces.isEmpty {
            text.add("no interface counters yet", Style(.dim))
        } else {
            let rates = state.delta?.rates(for: jail)
            text.add(row("INTERFACE", "RX/s", "TX/s", "RX TOTAL", "TX TOTAL", "PACKETS IN/OUT"), Style(.title))
            for i in jail.interfaces {
                let r = rates?.interfaces[i.name]
                text.add(row(
                    i.name, r.map { Units.bytesPerSecond($0.rxBytesPerSecond) } ?? "-",
                    r.map { Units.bytesPerSecond($0.txBytesPerSecond) } ?? "-", Units.bytes(i.rxBytes), Units.bytes(i.txBytes),
                    "\(i.rxPackets)/\(i.txPackets)"))
            }
        }
        text.render(into: &buffer, area: area, scroll: state.detailScroll)
    }

    func row(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String, _ f: String) -> String {
        a.padding(to: 14) + right(b, 9) + right(c, 9) + right(d, 10) + right(e, 10) + "  " + f
    }

    func right(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
}
