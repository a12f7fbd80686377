package org.kmodfarm.model;

/**
 * Root of kmodfarm's own failures. Each subtype is one class of failure the CLI maps to
 * one exit code; the exception carries facts, the CLI turns them into words.
 */
public abstract sealed class FarmException extends RuntimeException
        permits BadInputException, InfraException {

    protected FarmException(String message, Throwable cause) {
        super(message, cause);
    }
}
