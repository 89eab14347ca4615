/// One statement of a parsed jail.conf(5) file, in file order.
enum JailConfStatement: Sendable, Equatable {
    case parameter(JailConfParameter)
    case jail(JailConfBlock)
    case include(JailConfInclude)
}
