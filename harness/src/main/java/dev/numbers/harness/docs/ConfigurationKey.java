package dev.numbers.harness.docs;

/**
 * One configuration key as the reference shows it: the dotted name ({@code <name>} where the user picks a part),
 * a readable type, the default ({@code ""} when there is none) and what it means.
 */
public record ConfigurationKey(String name, String type, String defaultValue, String meaning) {
}
