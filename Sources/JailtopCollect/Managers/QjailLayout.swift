import JailtopModel

/// qjail (shared/managers.md §7): one definition file per jail in `/usr/local/etc/qjail.local`
/// (or `qjail.local.ZONE` for a zone), `NAME`, `NAME.norun` (not started with the others) or
/// `NAME.man` (manual), of shell assignments `name=`, `path=`, `ip4=`, `vnet=`.
struct QjailLayout: ManagerLayout {
    static let parent = "/usr/local/etc"

    var manager: JailManager { .qjail }

    func locate(_ fs: ManagerFileSystem) -> ManagerLocation {
        var location = ManagerLocation(watched: [Self.parent])
        for name in fs.names(in: Self.parent) where name == "qjail.local" || name.hasPrefix("qjail.local.") {
            let directory = JailPath.join(Self.parent, name)
            location.directories.append(directory)
            let zone = name == "qjail.local" ? "" : String(name.dropFirst("qjail.local.".count))
            location.context[directory] = ["zone": zone]
        }
        return location
    }

    func stampedFiles(of entry: ManagerEntry) -> [String] { [entry.path] }

    func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) throws(ManagerProblem) -> ManagedJail? {
        var base = entry.name
        var boot = true
        for suffix in [".norun", ".man"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
            boot = false
        }
        guard let bytes = try fs.jailFile(entry.path) else { return nil }
        let variables = ManagerSettingsText.shellVariables(bytes, file: entry.path)
        func value(_ key: String) -> String? { variables[key].flatMap { $0.isEmpty ? nil : $0 } }
        guard let path = value("path") else { return nil }
        let name = value("name") ?? base
        let zone = entry.context["zone"] ?? ""
        return ManagedJail(
            manager: .qjail, name: name, path: path, hostname: value("hostname") ?? name,
            ip4: ConfiguredJail.addresses([value("ip4") ?? ""]), ip6: ConfiguredJail.addresses([value("ip6") ?? ""]),
            vnet: value("vnet") != nil, boot: boot, tags: zone.isEmpty ? [] : ["zone=\(zone)"],
            release: fs.textInside(jailRoot: path, "/bin/freebsd-version").flatMap(ManagerSettingsText.userlandVersion),
            config: entry.path)
    }
}
