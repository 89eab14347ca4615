/// Where each part of the dashboard goes for a screen size: header on top, function bar at
/// the bottom, the jail table and the detail pane sharing the rest. Both drawing and key
/// handling (page sizes, keeping the selection visible) use it.
public struct Layout: Sendable, Equatable {
    public var header: Rect
    public var jails: Rect
    public var detail: Rect
    public var functionBar: Rect
    /// Below this the screen says "too small" instead of drawing panes.
    public static let minimum = Size(width: 20, height: 5)

    public var tooSmall: Bool

    public init(size: Size) {
        let all = Rect(x: 0, y: 0, width: size.width, height: size.height)
        tooSmall = size.width < Layout.minimum.width || size.height < Layout.minimum.height
        let (rest, bar) = all.splitBottom(1)
        // The header shrinks on short screens: 3 rows from 16 rows up, 1 row below that.
        let headerRows = size.height >= 16 ? 3 : 1
        let (head, body) = rest.splitTop(headerRows)
        header = head
        functionBar = bar
        // The jail table gets about 45 % of the body; the detail pane (with its tab row) the rest.
        // Very short screens show only the jail table.
        if body.height < 8 {
            jails = body
            detail = Rect(x: 0, y: body.maxY, width: body.width, height: 0)
        } else {
            let jailRows = max(3, min(body.height - 4, body.height * 45 / 100))
            let (top, bottom) = body.splitTop(jailRows)
            jails = top
            detail = bottom
        }
    }

    /// Rows of the jail table that hold jails (the first row holds the column titles).
    public var jailListRows: Int { max(0, jails.height - 1) }

    /// Rows of the detail pane's content (below its tab row and column titles).
    public var detailListRows: Int { max(0, detail.height - 2) }
}
