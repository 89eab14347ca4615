import JailtopModel

/// Which manager owns which jail (shared/managers.md §9): a running jail is a manager's when
/// both its kernel name and its root match what the manager keeps, since Bastille, pot, cbsd,
/// ezjail, qjail and AppJail all use the plain name and only one of them can be running it.
struct JailOwnership: Sendable {
    /// Positions in `managed`, by kernel name.
    private var byKernelName: [String: [Int]] = [:]
    private let managed: [ManagedJail]
    /// A path with its symlinks resolved (realpath(3) under the root), nil when it cannot be.
    private let resolve: @Sendable (String) -> String?

    /// - Parameter resolve: the kernel keeps a jail's root with symlinks resolved (kern_jail.c,
    ///   vn_path_to_global_path), so a manager's path through a symlink is resolved before it
    ///   is called another's; only then, as a first look at 1000 jails' roots was 6000 lstat(2).
    init(managed: [ManagedJail], resolve: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.managed = managed
        self.resolve = resolve
        for (i, jail) in managed.enumerated() { byKernelName[jail.kernelName, default: []].append(i) }
    }

    /// The manager's jail that a running jls entry is, if any.
    func owner(ofRunning name: String, path: String) -> ManagedJail? {
        ownerIndex(name, path).map { managed[$0] }
    }

    private func ownerIndex(_ name: String, _ path: String) -> Int? {
        guard let candidates = byKernelName[name] else { return nil }
        if let exact = candidates.first(where: { managed[$0].owns(kernelName: name, path: path) }) { return exact }
        let jlsPath = JailPath.normalized(path)
        return candidates.first { i in managed[i].path.flatMap(resolve) == jlsPath }
    }

    /// The managers' jails that no jail jls lists is: a dying one is its own row (which can be
    /// started again, under the same name), never a second, stopped one.
    func notRunning(_ running: [JlsJail]) -> [ManagedJail] {
        guard !managed.isEmpty else { return [] }
        var runningOwned: Set<Int> = []
        // By index: `for j in running` copied each entry, parameters and all.
        for j in running.indices {
            if let i = ownerIndex(running[j].name, running[j].path) { runningOwned.insert(i) }
        }
        return managed.indices.filter { !runningOwned.contains($0) }.map { managed[$0] }
    }

    /// Whether a jail.conf jail is a manager's own definition (Bastille keeps each jail in a
    /// jail.conf of its own, which an `.include` could also pull into /etc/jail.conf): listed once, as the manager's.
    func claims(configured jail: ConfiguredJail) -> Bool {
        guard let path = jail.path, let candidates = byKernelName[jail.name] else { return false }
        return candidates.contains { managed[$0].path == JailPath.normalized(path) }
    }
}
