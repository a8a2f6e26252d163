package io.footfall.server.enrich;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (format 2.0, 24-bit records) for tests, so city databases and
 * IPv4/IPv6 splits can be tested without downloading the real 130 MB city database.
 *
 * <p>Follows the MaxMind DB File Format Specification: a binary search tree over the address bits,
 * 16 zero bytes, the data section, then the metadata after the {@code \xAB\xCD\xEFMaxMind.com}
 * marker. Only what the tests need is supported: maps of strings, no pointers.
 */
final class TestMmdb {

  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };

  private final int ipVersion;
  private final String databaseType;
  private final Map<String, Map<String, String>> networks = new LinkedHashMap<>();

  TestMmdb(int ipVersion, String databaseType) {
    this.ipVersion = ipVersion;
    this.databaseType = databaseType;
  }

  /** Adds a network in CIDR notation with the record it maps to. */
  TestMmdb network(String cidr, Map<String, String> record) {
    networks.put(cidr, record);
    return this;
  }

  Path writeTo(Path file) throws IOException {
    Files.write(file, bytes());
    return file;
  }

  private static final class Node {
    final Object[] records = new Object[2]; // Node, Integer (data offset) or null
  }

  byte[] bytes() throws UnknownHostException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Node root = new Node();
    int bitCount = ipVersion == 6 ? 128 : 32;
    for (Map.Entry<String, Map<String, String>> entry : networks.entrySet()) {
      String[] parts = entry.getKey().split("/");
      byte[] address = InetAddress.getByName(parts[0]).getAddress();
      int prefix = Integer.parseInt(parts[1]);
      if (ipVersion == 6 && address.length == 4) {
        byte[] mapped = new byte[16]; // IPv4 lives under ::/96 in an IPv6 tree
        System.arraycopy(address, 0, mapped, 12, 4);
        address = mapped;
        prefix += 96;
      }
      if (address.length * 8 != bitCount) {
        throw new IllegalArgumentException(entry.getKey() + " does not fit an IPv" + ipVersion);
      }
      int offset = data.size();
      data.writeBytes(encodeMap(entry.getValue()));
      Node node = root;
      for (int bit = 0; bit < prefix; bit++) {
        int side = (address[bit / 8] >> (7 - bit % 8)) & 1;
        if (bit == prefix - 1) {
          node.records[side] = offset;
        } else {
          if (!(node.records[side] instanceof Node)) {
            node.records[side] = new Node();
          }
          node = (Node) node.records[side];
        }
      }
    }
    List<Node> order = new ArrayList<>();
    IdentityHashMap<Node, Integer> numbers = new IdentityHashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      Node node = queue.removeFirst();
      numbers.put(node, order.size());
      order.add(node);
      for (Object record : node.records) {
        if (record instanceof Node child) {
          queue.addLast(child);
        }
      }
    }
    int nodeCount = order.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node node : order) {
      for (Object record : node.records) {
        long value;
        if (record instanceof Node child) {
          value = numbers.get(child);
        } else if (record instanceof Integer offset) {
          value = nodeCount + 16L + offset;
        } else {
          value = nodeCount;
        }
        out.write((int) (value >> 16) & 0xff);
        out.write((int) (value >> 8) & 0xff);
        out.write((int) value & 0xff);
      }
    }
    out.writeBytes(new byte[16]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    ByteArrayOutputStream metadata = new ByteArrayOutputStream();
    metadata.writeBytes(control(7, 9));
    metadata.writeBytes(string("binary_format_major_version"));
    metadata.writeBytes(unsigned(5, 2));
    metadata.writeBytes(string("binary_format_minor_version"));
    metadata.writeBytes(unsigned(5, 0));
    metadata.writeBytes(string("build_epoch"));
    metadata.writeBytes(unsigned(9, 1_700_000_000L));
    metadata.writeBytes(string("database_type"));
    metadata.writeBytes(string(databaseType));
    metadata.writeBytes(string("description"));
    metadata.writeBytes(control(7, 0));
    metadata.writeBytes(string("ip_version"));
    metadata.writeBytes(unsigned(5, ipVersion));
    metadata.writeBytes(string("languages"));
    metadata.writeBytes(control(11, 0));
    metadata.writeBytes(string("node_count"));
    metadata.writeBytes(unsigned(6, nodeCount));
    metadata.writeBytes(string("record_size"));
    metadata.writeBytes(unsigned(5, 24));
    out.writeBytes(metadata.toByteArray());
    return out.toByteArray();
  }

  private static byte[] encodeMap(Map<String, String> map) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(control(7, map.size()));
    for (Map.Entry<String, String> entry : map.entrySet()) {
      out.writeBytes(string(entry.getKey()));
      out.writeBytes(string(entry.getValue()));
    }
    return out.toByteArray();
  }

  private static byte[] string(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(control(2, utf8.length));
    out.writeBytes(utf8);
    return out.toByteArray();
  }

  /** An unsigned integer of {@code type} (5 uint16, 6 uint32, 9 uint64) in as few bytes as fit. */
  private static byte[] unsigned(int type, long value) {
    int length = 0;
    for (long rest = value; rest != 0; rest >>>= 8) {
      length++;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(control(type, length));
    for (int i = length - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
    return out.toByteArray();
  }

  /** The control byte(s): type in the top three bits (0 plus an extra byte for types over 7). */
  private static byte[] control(int type, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int sizeBits;
    byte[] sizeExtra;
    if (size < 29) {
      sizeBits = size;
      sizeExtra = new byte[0];
    } else if (size < 29 + 256) {
      sizeBits = 29;
      sizeExtra = new byte[] {(byte) (size - 29)};
    } else {
      sizeBits = 30;
      int rest = size - 285;
      sizeExtra = new byte[] {(byte) (rest >> 8), (byte) rest};
    }
    if (type <= 7) {
      out.write((type << 5) | sizeBits);
    } else {
      out.write(sizeBits);
      out.write(type - 7);
    }
    out.writeBytes(sizeExtra);
    return out.toByteArray();
  }
}
