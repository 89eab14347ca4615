#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Line 1 of `jailtop snapshot --stream --json`: which stream protocol follows (then one
/// schema-1 snapshot per line), which jailtop wrote it, and for which host. A dashboard reads
/// it first, so it can talk to an older host, or refuse a newer protocol with a clear reason.
public struct StreamHeader: Sendable, Equatable {
    /// The stream protocol this jailtop writes and reads.
    public static let currentVersion = 1
    public var jailtopStream: Int
    /// The writer's `jailtop --version` number ("0.1.0").
    public var version: String
    /// The host's name, as the snapshots' `host.hostname` (empty when unknown).
    public var host: String
    /// Seconds between samples the writer was asked for.
    public var intervalS: Double

    public init(version: String, host: String, intervalS: Double) {
        self.jailtopStream = StreamHeader.currentVersion
        self.version = version
        self.host = host
        self.intervalS = intervalS
    }

    static let jsonKeys = JSONKeyTable(["host", "interval_s", "jailtop_stream", "version"])

    public init(jsonLine data: Data) throws(JSONReadError) {
        let result = data.withUnsafeBytes { bytes in Result { () throws(JSONReadError) in try StreamHeader(jsonLine: bytes) } }
        self = try result.get()
    }

    /// Reads a header line; fields it does not know are skipped, missing ones are errors.
    /// - Throws: `JSONReadError` naming the field; `.notJSON` when the text is not JSON.
    public init(jsonLine bytes: UnsafeRawBufferPointer) throws(JSONReadError) {
        self = try JSONReader.read(bytes) { r throws(JSONReadError) in
            let keys = Self.jsonKeys
            var object = try r.beginObject("StreamHeader")
            var header = StreamHeader(version: "", host: "", intervalS: 0)
            header.jailtopStream = 0
            while let field = try r.nextField(&object, keys) {
                do throws(JSONReadError) {
                    switch field {
                    case 0: header.host = try r.string()
                    case 1: header.intervalS = try r.double()
                    case 2: header.jailtopStream = try r.int()
                    default: header.version = try r.string()
                    }
                } catch {
                    throw error.inside(keys.names[field])
                }
            }
            // Only the protocol number must be there: what else a header holds may change with it.
            try keys.requireAll([2], seen: object.seen)
            return header
        }
    }
}

extension StreamHeader: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        w.member("host", host)
        try w.member("interval_s", intervalS, .shortest)
        w.member("jailtop_stream", jailtopStream)
        w.member("version", version)
        w.endObject()
    }

    public var estimatedJSONBytes: Int { 96 + host.utf8.count + version.utf8.count }
}
