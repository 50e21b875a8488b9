import ArgumentParser
import Hummingbird
import TOMLKit
import ServiceLifecycle
public struct PocketDAVCommand: AsyncParsableCommand { public init() {} ; public func run() async throws {} }
