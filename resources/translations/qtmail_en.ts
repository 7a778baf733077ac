<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
  <context>
    <name>ComposerWindow</name>
    <message numerus="yes">
      <source>%n file(s), %1</source>
      <translation>
        <numerusform>%n file, %1</numerusform>
        <numerusform>%n files, %1</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Attached %n file(s).</source>
      <translation>
        <numerusform>Attached %n file.</numerusform>
        <numerusform>Attached %n files.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message numerus="yes">
      <source>Delete %n message(s) permanently? This cannot be undone.</source>
      <translation>
        <numerusform>Delete %n message permanently? This cannot be undone.</numerusform>
        <numerusform>Delete %n messages permanently? This cannot be undone.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Its %n subfolder(s) will be deleted too.</source>
      <translation>
        <numerusform>Its %n subfolder will be deleted too.</numerusform>
        <numerusform>Its %n subfolders will be deleted too.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n message(s) will be deleted permanently. This cannot be undone.</source>
      <translation>
        <numerusform>%n message will be deleted permanently. This cannot be undone.</numerusform>
        <numerusform>%n messages will be deleted permanently. This cannot be undone.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n result(s)</source>
      <translation>
        <numerusform>%n result</numerusform>
        <numerusform>%n results</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n message(s)</source>
      <translation>
        <numerusform>%n message</numerusform>
        <numerusform>%n messages</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n message(s) waiting</source>
      <translation>
        <numerusform>%n message waiting</numerusform>
        <numerusform>%n messages waiting</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MessageList</name>
    <message numerus="yes">
      <source>%n message(s) in this thread</source>
      <translation>
        <numerusform>%n message in this thread</numerusform>
        <numerusform>%n messages in this thread</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MessageView</name>
    <message numerus="yes">
      <source>Remote content blocked (%n item(s)) to protect your privacy.</source>
      <translation>
        <numerusform>Remote content blocked (%n item) to protect your privacy.</numerusform>
        <numerusform>Remote content blocked (%n items) to protect your privacy.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SyncStatus</name>
    <message numerus="yes">
      <source>⚠ %n problem(s)</source>
      <translation>
        <numerusform>⚠ %n problem</numerusform>
        <numerusform>⚠ %n problems</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Tray</name>
    <message numerus="yes">
      <source>qtmail — %n unread message(s)</source>
      <translation>
        <numerusform>qtmail — %n unread message</numerusform>
        <numerusform>qtmail — %n unread messages</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n new message(s)</source>
      <translation>
        <numerusform>%n new message</numerusform>
        <numerusform>%n new messages</numerusform>
      </translation>
    </message>
  </context>
</TS>
