// The Session target. See Package.swift for what it holds.
