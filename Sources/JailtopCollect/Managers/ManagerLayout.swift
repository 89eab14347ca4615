import JailtopModel

/// How one jail manager keeps its jails in files: where its settings put the jail
/// directories, and how to read one jail. `ManagerScanner` asks it only about what changed.
protocol ManagerLayout: Sendable {
    var manager: JailManager { get }
    /// Reads the manager's settings: where its jails are, and which paths to watch for a
    /// change of those settings.
    func locate(_ fs: ManagerFileSystem) -> ManagerLocation
    /// The files whose stamps decide whether an entry is read again; the first one holds the
    /// jail (without it the entry is no jail, as `bastille list` requires jail.conf).
    func stampedFiles(of entry: ManagerEntry) -> [String]
    /// One jail from its files; nil when the entry is none (a stray file, a template).
    func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) throws(ManagerProblem) -> ManagedJail?
}

/// Where a manager's jails are, as its settings say.
struct ManagerLocation: Sendable, Equatable {
    /// Directories whose entries are jails (Bastille's jailsdir, ezjail's config directory).
    var directories: [String] = []
    /// Settings the entries need (`iocroot`, a qjail zone), by directory.
    var context: [String: [String: String]] = [:]
    /// Paths whose stamps, unchanged, mean this location still holds (settings files and the
    /// directories that hold them: a new settings file appears in its directory's stamp).
    var watched: [String] = []
    /// Settings that could not be read.
    var problems: [ManagerProblem] = []
}

/// One entry of a manager's jail directory: a jail's directory or file.
struct ManagerEntry: Sendable, Hashable {
    var directory: String
    var name: String
    var context: [String: String]

    var path: String { JailPath.join(directory, name) }
    /// A file below the entry.
    func file(_ relative: String) -> String { JailPath.join(path, relative) }
}

/// Why part of a manager's files could not be read, in words for the source issue line.
struct ManagerProblem: Error, Sendable, Equatable {
    var path: String
    var reason: String

    init(_ path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    init(_ path: String, _ failure: FileReadFailure) {
        self.init(path, failure.description)
    }
}
