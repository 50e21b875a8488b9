#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

@testable import PocketDAVApp

/// The environment juggling behind `FoundationZone.pinToGMT`, on a variable of its own so that
/// tests running in parallel never see a changed `TZ`.
@Suite struct FoundationZoneTests {
    private static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    @Test func aSetVariableIsChangedForTheBodyAndRestoredAfter() {
        setenv("POCKETDAV_ZONE_TEST_SET", "Asia/Tokyo", 1)
        let inside = FoundationZone.withEnvironment("POCKETDAV_ZONE_TEST_SET", set: "GMT") {
            Self.value("POCKETDAV_ZONE_TEST_SET")
        }
        #expect(inside == "GMT")
        #expect(Self.value("POCKETDAV_ZONE_TEST_SET") == "Asia/Tokyo")
        unsetenv("POCKETDAV_ZONE_TEST_SET")
    }

    @Test func anUnsetVariableIsUnsetAgainAfter() {
        unsetenv("POCKETDAV_ZONE_TEST_UNSET")
        let inside = FoundationZone.withEnvironment("POCKETDAV_ZONE_TEST_UNSET", set: "GMT") {
            Self.value("POCKETDAV_ZONE_TEST_UNSET")
        }
        #expect(inside == "GMT")
        #expect(Self.value("POCKETDAV_ZONE_TEST_UNSET") == nil)
    }
}
