import CLibXML2

/// Caps applied to every XML request body before and while it is parsed.
///
/// Request bodies come from unauthenticated-until-proven clients, so every dimension an attacker
/// controls is bounded. libxml2 adds its own hard depth cap of 256 (we never pass
/// `XML_PARSE_HUGE`), so a `maxDepth` above that is reported as `.malformed` instead.
public struct XMLLimits: Sendable {
    /// The largest body accepted, in bytes; larger bodies are rejected before libxml2 sees them.
    public var maxBytes: Int = 1 << 20
    /// The deepest element nesting accepted; the root element is depth 1.
    public var maxDepth: Int = 64
    /// The most elements accepted in one document, the root included.
    public var maxElements: Int = 100_000

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxElements: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }
}

/// Why an XML body was refused. Every case is the client's fault (400 Bad Request).
public enum XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is empty or whitespace only.
    case empty
    /// The body is larger than `XMLLimits.maxBytes`.
    case tooLarge(limit: Int)
    /// Elements nest deeper than `XMLLimits.maxDepth`.
    case tooDeep(limit: Int)
    /// The document has more than `XMLLimits.maxElements` elements.
    case tooManyElements(limit: Int)
    /// The document has a DOCTYPE; DTDs are never processed (XXE, entity expansion).
    case doctypeNotAllowed
    /// The document is not well-formed (or not namespace-well-formed); libxml2's message.
    case malformed(String)

    /// A short message meant for the client: it becomes the body of the 400 response.
    public var description: String {
        switch self {
        case .empty: "The request body is empty; an XML document was expected."
        case .tooLarge(let limit): "The XML body is larger than the limit of \(limit) bytes."
        case .tooDeep(let limit): "The XML body nests elements deeper than \(limit) levels."
        case .tooManyElements(let limit): "The XML body has more than \(limit) elements."
        case .doctypeNotAllowed: "Document type declarations (DOCTYPE) are not allowed."
        case .malformed(let message): "Malformed XML: \(message)"
        }
    }
}

/// Parses request bodies into `XMLElement` trees with libxml2, safely.
///
/// Security contract (each point is covered by `XMLReaderTests`):
/// - No DTD is ever processed: a DOCTYPE stops the parser as soon as it is read, before any
///   internal subset, so there are no external entities (XXE), no entity-expansion bombs
///   ("billion laughs") and no DTD fetches; the body is rejected with `.doctypeNotAllowed`.
/// - Entity substitution is off (`XML_PARSE_NOENT` is never passed) and the network is off
///   (`XML_PARSE_NONET`); an undeclared entity reference is a well-formedness error.
/// - Size is checked before parsing; depth and element count while the tree is built.
/// - libxml2 never writes to stderr, and every libxml2 allocation is freed before returning.
///
/// Safe to call from any thread concurrently: each call owns its parser context.
public enum XMLReader {
    /// Parses `bytes` (any encoding libxml2 detects from the BOM or XML declaration; UTF-8 by
    /// default) into the root element.
    ///
    /// Text is kept exactly as sent, whitespace included; callers trim where the protocol allows.
    public static func parse(_ bytes: [UInt8], limits: XMLLimits = XMLLimits()) throws(XMLError) -> XMLElement {
        // xmlCtxtReadMemory takes an Int32 length.
        let maxBytes = min(limits.maxBytes, Int(Int32.max))
        guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        guard bytes.contains(where: { !isBlank($0) }) else { throw .empty }
        _ = libxml2Ready

        guard let context = xmlNewParserCtxt() else { throw .malformed("out of memory") }
        defer { xmlFreeParserCtxt(context) }
        let observer = ParseObserver()
        // The context's SAX handler is its own copy, so these overrides affect only this parse.
        context.pointee.sax.pointee.internalSubset = stopAtDoctype
        context.pointee.sax.pointee.serror = recordError
        context.pointee._private = Unmanaged.passUnretained(observer).toOpaque()

        let document = withExtendedLifetime(observer) {
            withSilencedGenericErrors {
                bytes.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        xmlCtxtReadMemory(context, $0.baseAddress, Int32($0.count), nil, nil, parseOptions)
                    }
                }
            }
        }
        defer { if let document { xmlFreeDoc(document) } }

        // Checked first: a stopped parser can still hand back a document without a root.
        if observer.sawDoctype { throw .doctypeNotAllowed }
        guard let document else { throw .malformed(observer.firstError ?? "not well-formed") }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil { throw .doctypeNotAllowed }
        // An undeclared prefix is only a namespace error to libxml2, which still builds the tree;
        // for DAV it is fatal because element names are namespace-qualified (RFC 4918 §17).
        if context.pointee.nsWellFormed == 0 { throw .malformed(observer.firstError ?? "namespace error") }
        guard let root = xmlDocGetRootElement(document) else { throw .malformed("no root element") }

        var builder = TreeBuilder(limits: limits)
        return try builder.element(root, depth: 1)
    }

    /// Never XML_PARSE_NOENT (it turns entity substitution *on*), DTDLOAD, DTDATTR, DTDVALID,
    /// XINCLUDE or HUGE. NOERROR/NOWARNING keep libxml2's default printing handlers unset.
    private static let parseOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// libxml2's global setup is not safe to race, so it runs once, lazily (`static let` is atomic).
    private static let libxml2Ready: Void = xmlInitParser()

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

// MARK: - libxml2 callbacks

/// What the callbacks learn during one parse, reached through the parser context's `_private`
/// (reserved for the application; libxml2 never touches it).
private final class ParseObserver {
    var sawDoctype = false
    /// The first error, which names the cause; later ones are often consequences of it.
    var firstError: String?

    static func of(_ context: xmlParserCtxtPtr) -> ParseObserver? {
        context.pointee._private.map { Unmanaged<ParseObserver>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// SAX `internalSubset` runs right after `<!DOCTYPE name ExternalID`, before the `[...]` subset
/// is read, so stopping here means no entity or DTD declaration is ever processed.
private let stopAtDoctype: internalSubsetSAXFunc = { userData, _, _, _ in
    // For DOM parsing libxml2 passes the parser context itself as the SAX user data.
    guard let context = userData?.assumingMemoryBound(to: xmlParserCtxt.self) else { return }
    ParseObserver.of(context)?.sawDoctype = true
    xmlStopParser(context)
}

/// Replaces the default handler, which prints to stderr, and keeps the first error's message.
private let recordError: xmlStructuredErrorFunc = { _, error in
    guard let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue,
        let context = error.pointee.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self),
        let observer = ParseObserver.of(context), observer.firstError == nil
    else { return }
    observer.firstError = describe(error.pointee)
}

/// libxml2's message flattened to one line and bounded, with its line number: it ends up in a
/// response body and may quote the offending input.
private func describe(_ error: xmlError) -> String {
    guard let raw = error.message else { return "not well-formed" }
    var message = String(cString: raw).split(whereSeparator: \.isNewline).joined(separator: " ")
    if message.count > 200 { message = String(message.prefix(200)) + "…" }
    return error.line > 0 ? "\(message) (line \(error.line))" : message
}

/// A few libxml2 errors carry no parser context (iconv conversion failures, for one) and go to
/// the thread's generic handler, which prints to stderr. The handler is per-thread state in
/// libxml2, so it is swapped only for the duration of the call and then restored.
private func withSilencedGenericErrors<T>(_ body: () -> T) -> T {
    let previousHandler = __xmlGenericError().pointee
    let previousContext = __xmlGenericErrorContext().pointee
    xmlSetGenericErrorFunc(nil, silentGenericError())
    defer { xmlSetGenericErrorFunc(previousContext, previousHandler) }
    return body()
}

/// The C type is variadic, which Swift cannot spell, so it is imported as an opaque pointer. A
/// callee that reads none of its arguments is safe to call through a variadic pointer.
private func silentGenericError() -> OpaquePointer {
    let ignore: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void = { _, _ in }
    return unsafeBitCast(ignore, to: OpaquePointer.self)
}

// MARK: - Tree building

/// Copies libxml2's tree into `XMLElement`s, enforcing the depth and element caps.
private struct TreeBuilder {
    let limits: XMLLimits
    var elementCount = 0

    mutating func element(_ node: xmlNodePtr, depth: Int) throws(XMLError) -> XMLElement {
        guard depth <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
        elementCount += 1
        guard elementCount <= limits.maxElements else { throw .tooManyElements(limit: limits.maxElements) }

        var result = XMLElement(name: qualifiedName(node.pointee.name, node.pointee.ns))
        // Namespace declarations live in `nsDef`, not here, so `xmlns` never becomes an attribute.
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = qualifiedName(current.pointee.name, current.pointee.ns)
            result.attributes[name] = characterData(of: current.pointee.children)
            attribute = current.pointee.next
        }

        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                result.children.append(try element(current, depth: depth + 1))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { result.text += String(cString: content) }
            default:
                break  // comments and processing instructions carry nothing DAV reads
            }
            child = current.pointee.next
        }
        return result
    }

    private func qualifiedName(_ local: UnsafePointer<xmlChar>?, _ namespace: xmlNsPtr?) -> QName {
        let uri = namespace?.pointee.href.map { String(cString: $0) } ?? ""
        return QName(uri, local.map { String(cString: $0) } ?? "")
    }

    /// An attribute's value: libxml2 stores it as a list of text nodes with references resolved.
    private func characterData(of first: xmlNodePtr?) -> String {
        var value = ""
        var node = first
        while let current = node {
            if current.pointee.type == XML_TEXT_NODE, let content = current.pointee.content {
                value += String(cString: content)
            }
            node = current.pointee.next
        }
        return value
    }
}
