; Inno Setup script for the Windows installer (built on a Windows runner by
; .github/workflows/windows-installer.yml; not built or run on our Linux CI).
; Silent install for IT:
;   vn-checkin-kiosk-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /DIR="C:\Kiosk" [/TASKS="autostart"]
; Config lives in %ProgramData%\VnCheckinKiosk\kiosk.toml and is never
; overwritten by an upgrade; data (queue, key, logs) in %ProgramData%\VnCheckinKiosk\data.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "VN Check-in Kiosk"
#define DataRoot "{commonappdata}\VnCheckinKiosk"

[Setup]
AppId={{6C1B3E52-0D4B-4A8E-9E0B-7F3C2A9D5E41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Kiosk team
DefaultDirName={autopf}\VnCheckinKiosk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=vn-checkin-kiosk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
CloseApplications=yes
UninstallDisplayIcon={app}\kiosk.exe

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "Desktop shortcut"; Flags: unchecked
Name: "autostart"; Description: "Start the kiosk full screen when Windows starts"; Flags: unchecked

[Dirs]
Name: "{#DataRoot}"; Permissions: users-readexec
Name: "{#DataRoot}\data"; Permissions: users-modify

[Files]
Source: "..\..\build\dist\vn-checkin-kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The commented example becomes the config, once: upgrades keep IT's edits.
Source: "..\..\kiosk.example.toml"; DestDir: "{#DataRoot}"; DestName: "kiosk.toml"; Flags: onlyifdoesntexist uninsneveruninstall

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\kiosk.exe"; Parameters: "--config ""{#DataRoot}\kiosk.toml"" run"
Name: "{group}\{#AppName} (reception station)"; Filename: "{app}\kiosk.exe"; Parameters: "--config ""{#DataRoot}\kiosk.toml"" run --station"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\kiosk.exe"; Parameters: "--config ""{#DataRoot}\kiosk.toml"" run"; Tasks: desktopicon
Name: "{commonstartup}\{#AppName}"; Filename: "{app}\kiosk.exe"; Parameters: "--config ""{#DataRoot}\kiosk.toml"" run"; Tasks: autostart

[Registry]
; KIOSK_DATA_DIR for every process of the kiosk (service account or user).
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: string; ValueName: "KIOSK_DATA_DIR"; ValueData: "{#DataRoot}\data"; Flags: uninsdeletevalue
