import JailtopModel

/// Everything known about the jail: identity, addresses, and every kernel parameter.
struct InfoPane {
    var state: AppState
    var jail: Jail

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        var text = TextLines()
        let key = Style(.header, bold: true)
        func add(_ name: String, _ value: String) { text.add("\(name.padding(to: 20)) \(value)", .normal) }
        add("name", jail.name)
        add("jid", jail.jid.map(String.init) ?? "- (not running)")
        add("state", jail.state.rawValue)
        add("hostname", jail.hostname)
        add("path", jail.path)
        add("parent", jail.parent == 0 ? "host" : String(jail.parent))
        add("osrelease", jail.osrelease)
        add("vnet", jail.vnet ? "yes" : "no")
        add("ip4", jail.ip4.isEmpty ? "-" : jail.ip4.joined(separator: ", "))
        add("ip6", jail.ip6.isEmpty ? "-" : jail.ip6.joined(separator: ", "))
        if let owner = jail.managedBy {
            add("configured", "yes (\(owner.managerTitle))")
            text.add("")
            text.add("manager (\(owner.managerTitle))", key)
            add("manager's name", owner.name == jail.name ? owner.name : "\(owner.name) (kernel name \(jail.name))")
            add("boot", owner.boot.map { $0 ? "yes" : "no" } ?? "?")
            add("priority", owner.priority.map(String.init) ?? "?")
            if !owner.tags.isEmpty { add("tags", owner.tags.joined(separator: ", ")) }
            if let notes = owner.notes { add("notes", notes) }
            add("release", owner.release ?? "?")
            if let config = owner.config { add("config", config) }
            if let conflict = owner.conflict { text.add("cannot start: \(conflict)", Style(.warning)) }
        } else {
            add("configured", jail.configured ? "yes (jail.conf)" : "no (created by hand or by another tool)")
        }
        if !jail.params.isEmpty {
            text.add("")
            text.add("parameters (jls -n)", key)
            for name in jail.params.keys.sorted() {
                add(name, jail.params[name]?.description ?? "")
            }
        }
        text.render(into: &buffer, area: area, scroll: state.detailScroll)
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
