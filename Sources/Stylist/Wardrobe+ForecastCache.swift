import ClosetKit
import Foundation
import Weather

extension Wardrobe: ForecastCache {
    public func cachedForecast(_ key: String) throws -> (fetched: Date, payload: String)? { try cached(key) }
    public func storeForecast(_ key: String, payload: String, fetched: Date) throws { try setCached(key, payload: payload, fetched: fetched) }
}
