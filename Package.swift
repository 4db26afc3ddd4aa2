// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "EduVN",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "eduvn", targets: ["eduvn"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // Signing uses swift-certificates' @_spi(FixedExpiryValidationTime), outside semver: pinned to the minor.
        .package(url: "https://github.com/apple/swift-certificates.git", .upToNextMinor(from: "1.21.1")),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // An independent JWS reader for the Signing tests only: Signing writes and checks JWS itself.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
    ],
    targets: [
        // Shared vocabulary: identifiers, names, codes, bilingual errors, personal-data crypto.
        .target(name: "EduCore", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Spreadsheet input and output (CSV, XLSX), streaming.
        .target(name: "Tabular", dependencies: [
            "EduCore",
            .product(name: "CSV", package: "CSV.swift"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Database connections, migrations, transactions and the job queue (no Vapor).
        .target(name: "Storage", dependencies: [
            "EduCore",
            .product(name: "FluentKit", package: "fluent-kit"),
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        // Accounts, roles, sessions, API tokens, and the hash-chained audit trail.
        .target(name: "Access", dependencies: [
            "EduCore", "Storage",
            .product(name: "FluentKit", package: "fluent-kit"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The sector registry (CSDL ngành): units, schools, classes, students, staff.
        .target(name: "Records", dependencies: [
            "EduCore", "Tabular", "Storage", "Access", "Documents", "Signing", "Registry",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [.copy("Resources")]),
        .target(name: "Registry", dependencies: [
            "EduCore", "Storage", "Tabular", "Access",
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // Admissions (tuyển sinh đầu cấp): the allocation engine and its files (pure), campaigns and enrolment (Store/).
        .target(name: "Admissions", dependencies: [
            "EduCore", "Tabular", "Storage", "Access", "Registry", "Quality",
            .product(name: "SQLKit", package: "sql-kit"),
        ]),
        // The register of diplomas and certificates (văn bằng, chứng chỉ): import, corrections, revocations, lookup.
        .target(name: "Credentials", dependencies: [
            "EduCore", "Tabular", "Storage", "Access", "CInflate", "Documents", "Signing", "Quality",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Resources")]),
        // Data quality (đúng, đủ, sạch, sống): record linkage and deduplication, pure.
        .target(name: "Quality", dependencies: [
            "EduCore", "Tabular", "Storage", "Access", "Registry",
            .product(name: "SQLKit", package: "sql-kit"),
        ], resources: [.copy("Resources")]),
        // The PKCS#11 C header (p11-kit's), for keys on USB tokens and HSMs; modules are opened at run time.
        .systemLibrary(name: "CPKCS11", pkgConfig: "p11-kit-1", providers: [.apt(["libp11-kit-dev"])]),
        // zlib (named apart from ZIPFoundation's CZlib module), for the FlateDecode streams of PDFs (cross-reference and object streams); zlib1g-dev, as ZIPFoundation needs.
        .systemLibrary(name: "CInflate", path: "Sources/CInflate", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Digital signatures: keys and certificates, CMS (CAdES) and PDF (PAdES) signatures, the transparency log.
        // OpenSSL's libcrypto, for RSA signing with our own keys only (docs/signing.md: why, and why nothing else).
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "Signing", dependencies: [
            "EduCore", "Storage", "CInflate", "CPKCS11", "CLibCrypto", "Documents",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Official documents rendered to PDF from templates that are data (pango/cairo, embedded fonts).
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev", "libcairo2-dev"]), .brew(["pango", "cairo"])]),
        // libqrencode, for the QR codes that link a printed document to its verification page.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .target(name: "Documents", dependencies: ["EduCore", "CPangoCairo", "CQRencode"]),
        // Composition without HTTP: the migration list and configuration.
        .target(name: "Platform", dependencies: [
            "EduCore", "Storage", "Access", "Registry", "Signing", "Records", "Admissions", "Quality", "Credentials",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "FluentKit", package: "fluent-kit"),
        ]),
        // HTTP edge: routes, views, middleware. The only module that imports Vapor.
        .target(name: "EduServer", dependencies: [
            "EduCore", "Storage", "Access", "Registry", "Tabular", "Platform", "Signing", "Records", "Admissions", "Quality", "Credentials",
            .product(name: "Vapor", package: "vapor"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Plot", package: "Plot"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .executableTarget(name: "eduvn", dependencies: [
            "EduCore", "Storage", "Access", "Registry", "Tabular", "Platform", "EduServer", "Signing", "Documents", "Records",
            "Admissions", "Quality", "Credentials",
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks (bench/): built with everything else, run by bench/import.sh.
        .executableTarget(name: "edubench", dependencies: ["EduCore", "Storage", "Registry", "Platform"], path: "bench/EduBench"),
        .executableTarget(name: "merklebench", dependencies: ["Signing"], path: "bench/MerkleBench"),
        .executableTarget(name: "admissionsbench", dependencies: ["Admissions"], path: "bench/AdmissionsBench"),
        .executableTarget(name: "lookupbench", dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")],
                          path: "bench/LookupBench"),
        .executableTarget(name: "recordsbench", dependencies: ["EduCore", "Records"], path: "bench/RecordsBench"),
        .executableTarget(name: "signbench", dependencies: [
            "EduCore", "Storage", "Signing", "Platform", "Documents",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ], path: "bench/SignBench"),
        .target(name: "TestSupport", dependencies: ["Storage", "Access", "Registry", "Platform", "Credentials", "Signing"], path: "Tests/TestSupport"),
        .testTarget(name: "EduCoreTests", dependencies: ["EduCore"]),
        .testTarget(name: "RecordsTests", dependencies: [
            "Records", "EduCore", "Tabular", "TestSupport", "Access", "Storage", "Signing", "Platform", "Registry",
        ]),
        .testTarget(name: "AdmissionsTests", dependencies: [
            "Admissions", "EduCore", "Tabular", "TestSupport", "Access", "Storage", "Registry", "Quality",
        ]),
        .testTarget(name: "CredentialsTests", dependencies: ["Credentials", "EduCore", "TestSupport", "Storage", "Access", "Signing", "Platform"]),
        .testTarget(name: "QualityTests", dependencies: [
            "Quality", "EduCore", "TestSupport", "Storage", "Registry", "Access",
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "EduCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StoreTests", dependencies: ["TestSupport", "Storage", "Access", "Registry", "Platform", "Tabular"]),
        .testTarget(name: "EduServerTests", dependencies: [
            "TestSupport", "EduServer", "Registry", "Tabular", "Access", "Storage", "Signing", "Platform", "Records", "Admissions", "Quality",
            "Credentials", "Documents",
            .product(name: "VaporTesting", package: "vapor"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "EduCore", "Tabular"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "EduCore", "TestSupport"], resources: [.copy("Templates")]),
        .testTarget(name: "SigningTests", dependencies: [
            "Signing", "EduCore", "TestSupport", "Platform", "Documents",
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
    ]
)
