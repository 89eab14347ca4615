import JailtopModel

extension PsParser {
    /// ps's text read while ps is still writing it: a `ToolOutputStream` that keeps the bytes of
    /// the header until its line is complete, then parses rows a batch at a time behind the pipe,
    /// holding only the bytes not parsed yet. A ps of 50 000 processes (8 MB) is then parsed by
    /// the time it has been written, on the thread that reads it, and never held whole. What it
    /// reads is exactly what `parseRows` reads from the whole output (the same `readRows`).
    public struct RowStream: ToolOutputStream {
        /// Bytes kept after the last row begun, until the output ends: more than any row of ps
        /// with the start of the next line it may look at (each value is cut at 2048 columns).
        static let window = 64 << 10
        /// Bytes gathered past the window before a batch of rows is read.
        static let batch = 192 << 10

        public let encoding: Encoding
        public let layout: Layout
        /// Received and not read yet: the header until its line is complete, then what follows
        /// the rows read.
        private var pending: [UInt8] = []
        /// The comm column's width, once the header has been read.
        private var commWidth: Int?
        /// A header that is not ps's: nothing after it is read, and `finish` throws this.
        private var headerError: ToolOutputError?
        private var read = RowsRead()
        private var strings = StringCache()
        /// Where the jails' user names appear (nil: rows keep the names ps gave).
        private let naming: UserNaming?
        private var names: UserNames?
        private var nameCache = UserNameCache()
        /// The first row named here, once `naming` has names: every row from it on is named as
        /// `UserNames` says; the rows before it still have ps's names.
        public private(set) var namedFrom: Int?
        /// Whether the rows' pids ascend, as ps prints them (so no pass need check it again).
        public var pidsAscend: Bool { read.pidsAscend }
        /// The rows' totals per JID, summed in their order as they were read.
        public var rowTotals: ProcessTotals { read.keptTotals }

        /// - Parameter expectedRows: room made for this many rows before the first arrives.
        ///   Growing by doubling instead copies every row read so far each time and touches
        ///   about twice the rows' pages; room not filled is address space only, since pages
        ///   are paid for as rows are written into them.
        public init(encoding: Encoding, layout: Layout, expectedRows: Int = 0) {
            self.init(encoding: encoding, layout: layout, expectedRows: expectedRows, naming: nil)
        }

        /// - Parameter naming: rows read after it has names are named as read (`UserNaming`).
        init(encoding: Encoding, layout: Layout, expectedRows: Int, naming: UserNaming?) {
            self.encoding = encoding
            self.layout = layout
            self.naming = naming
            read.processes.reserveCapacity(expectedRows)
        }

        /// A stream that keeps no row, only per-JID totals (`totals()`): what a table of jails
        /// shows, without holding (and paging in) 50 000 rows to sum them afterwards.
        public init(totalsOf layout: Layout, encoding: Encoding) {
            self.encoding = encoding
            self.layout = layout
            naming = nil
            read.totals = ProcessTotals()
        }

        public mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>) {
            guard headerError == nil else { return }
            pending.append(contentsOf: chunk)
            if commWidth == nil {
                // The header is read once its whole line is here (`readHeader` stops at its newline).
                guard pending.contains(newline) else { return }
                readHeader()
            }
            if commWidth != nil, pending.count >= Self.window + Self.batch { readPending(final: false) }
        }

        /// The output has ended: the rows left are read (the whole output, when it came at once).
        public mutating func end() {
            if commWidth == nil, headerError == nil { readHeader() }
            readPending(final: true)
        }

        /// Every row, once the stream has ended: what `parseRows` gives for the same text.
        /// - Throws: when the header is not the one asked for.
        public func rows() throws(ToolOutputError) -> (rows: Parsed<[JailProcess]>, unconfirmed: [Int]) {
            if let headerError { throw headerError }
            return (Parsed(read.processes, skipped: read.skipped), read.unconfirmed)
        }

        /// The totals of every row, once a totals stream has ended; what summing `rows()` of
        /// the same text gives (a row whose comm was not confirmed counts: its figures are right).
        /// - Throws: when the header is not the one asked for.
        public func totals() throws(ToolOutputError) -> Parsed<ProcessTotals> {
            if let headerError { throw headerError }
            return Parsed(read.totals ?? ProcessTotals(), skipped: read.skipped)
        }

        private mutating func readHeader() {
            do throws(ToolOutputError) {
                let (width, next) = try pending.withUnsafeBufferPointer { bytes throws(ToolOutputError) in
                    try PsParser.readHeader(bytes, layout: layout)
                }
                commWidth = width
                pending.removeFirst(next)
            } catch {
                headerError = error
                pending = []
            }
        }

        private mutating func readPending(final: Bool) {
            guard let commWidth else { return }
            let (encoding, layout) = (self.encoding, self.layout)
            let first = read.processes.count
            let consumed = pending.withUnsafeBufferPointer { bytes in
                PsParser.readRows(
                    bytes, from: 0, final: final, commWidth: commWidth, encoding: encoding, layout: layout, into: &read,
                    strings: &strings)
            }
            pending.removeFirst(consumed)
            if naming != nil { nameRows(from: first) }
        }

        /// Names the rows from `first` on, once there are names.
        private mutating func nameRows(from first: Int) {
            if names == nil {
                guard let published = naming?.published else { return }
                names = published
                namedFrom = first
            }
            guard let names else { return }
            for i in first..<read.processes.count {
                let jid = read.processes[i].jid, uid = read.processes[i].uid
                let name = nameCache.name(jid: jid, uid: uid) { names.name(jid: jid, uid: uid) }
                if let name, read.processes[i].user != name { read.processes[i].user = name }
            }
        }
    }
}
