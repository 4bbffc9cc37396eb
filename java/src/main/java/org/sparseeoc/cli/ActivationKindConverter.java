package org.sparseeoc.cli;

import org.sparseeoc.activation.ActivationKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --activation} names such as {@code crelu}. */
final class ActivationKindConverter implements ITypeConverter<ActivationKind> {
    @Override
    public ActivationKind convert(String value) {
        try {
            return ActivationKind.fromName(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
