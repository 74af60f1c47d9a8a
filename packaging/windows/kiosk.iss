; Inno Setup script for the Windows installer (built on a Windows runner by
; .github/workflows/windows-installer.yml; not built or run on our Linux CI).
; Silent install for IT:
;   vn-checkin-kiosk-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /DIR="C:\Kiosk" [/TASKS="autostart"]
;       /KIOSKUSER=kiosk        (the Windows account the kiosk runs as; default "kiosk")
; Config lives in %ProgramData%\VnCheckinKiosk\kiosk.toml and is never
; overwritten by an upgrade; data (queue, key, logs) in %ProgramData%\VnCheckinKiosk\data.
; The shipped config has no service address and no secret: the kiosk says "not
; set up — please call IT" until IT runs `kiosk.exe --config ... setup`, which
; writes secrets.toml beside the config.
; Access: %ProgramData%\VnCheckinKiosk drops the inherited "Users" rights;
; only SYSTEM, Administrators and the kiosk account can read the config, the
; secrets and the data (the kiosk account may change only the data folder).

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
; No Permissions: entries here (Inno can only add rights); [Run] sets the ACLs with icacls.
Name: "{#DataRoot}"
Name: "{#DataRoot}\data"

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

[Run]
; Owner Administrators; inheritance off (drops Users/Authenticated Users inherited
; from ProgramData); SYSTEM and Administrators full, the kiosk account read on
; the folder (config, secrets.toml) and modify on data\. S-1-5-18 = SYSTEM,
; S-1-5-32-544 = Administrators (SIDs: the names are localised on Vietnamese Windows).
Filename: "{sys}\icacls.exe"; Parameters: """{#DataRoot}"" /setowner *S-1-5-32-544 /T /C /Q"; Flags: runhidden waituntilterminated
Filename: "{sys}\icacls.exe"; Parameters: """{#DataRoot}"" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F ""{code:KioskUser}:(OI)(CI)RX"" /C /Q"; Flags: runhidden waituntilterminated
Filename: "{sys}\icacls.exe"; Parameters: """{#DataRoot}\data"" /grant:r ""{code:KioskUser}:(OI)(CI)M"" /C /Q"; Flags: runhidden waituntilterminated

[Code]
function KioskUser(Param: String): String;
begin
  { the account the kiosk runs as (auto-logon user); /KIOSKUSER= on the command line }
  Result := ExpandConstant('{param:KIOSKUSER|kiosk}');
end;
