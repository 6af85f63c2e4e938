package io.livekit.datatrack;

/**
 * Base of the unchecked exceptions the data track API reports. Futures returned by the API complete
 * exceptionally with a subclass.
 */
public abstract class DataTrackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected DataTrackException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
    }
}
