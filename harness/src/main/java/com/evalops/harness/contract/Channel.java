package com.evalops.harness.contract;

/** The channel a ticket arrived through; spelled in lower case in every file. */
public enum Channel {
  LIVECHAT("livechat"),
  EMAIL("email");

  private final String wireName;

  Channel(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Returns the channel for its file spelling, or null when the spelling is not a channel. */
  public static Channel fromWireName(String value) {
    for (Channel channel : values()) {
      if (channel.wireName.equals(value)) {
        return channel;
      }
    }
    return null;
  }
}
