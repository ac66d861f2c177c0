// The AppLoaders target. See Package.swift for what it holds.
