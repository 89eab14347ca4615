-- cbsd's local.sqlite `jails` table (share/local-jails.schema, the columns jailtop reads and a
-- few more), with two jails and a bhyve VM, which lives in the same table.
CREATE TABLE jails (
  jname TEXT UNIQUE PRIMARY KEY NOT NULL, jid INTEGER DEFAULT 0, path TEXT DEFAULT NULL,
  host_hostname TEXT DEFAULT NULL, ip4_addr TEXT DEFAULT NULL, mount_devfs BOOLEAN DEFAULT 0,
  astart BOOLEAN DEFAULT 0, vnet BOOLEAN DEFAULT 0, ver TEXT DEFAULT NULL, arch TEXT DEFAULT NULL,
  status INTEGER DEFAULT 0, b_order INTEGER DEFAULT 10, emulator TEXT DEFAULT 'jail',
  tags TEXT DEFAULT NULL, protected BOOLEAN DEFAULT 0, hidden BOOLEAN DEFAULT 0
);
INSERT INTO jails (jname, jid, path, host_hostname, ip4_addr, astart, vnet, ver, arch, status, b_order, emulator, tags)
  VALUES ('mail', 6, 'jails/mail', 'mail.example.org', '10.0.0.60/24', 1, 0, '14.1', 'amd64', 1, 2, 'jail', 'mx,prod');
INSERT INTO jails (jname, jid, path, host_hostname, ip4_addr, astart, vnet, ver, arch, status, b_order, emulator)
  VALUES ('dev', 0, '/usr/cbsd/jails/dev', 'dev.example.org', 'DHCP', 0, 1, '14.1', 'amd64', 0, 5, 'jail');
INSERT INTO jails (jname, jid, path, host_hostname, ip4_addr, astart, ver, status, emulator)
  VALUES ('vm1', 0, '/usr/cbsd/vm/vm1', 'vm1', '10.0.0.70', 1, '14.1', 1, 'bhyve');
